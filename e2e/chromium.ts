// The system Chromium and the flags that give it WebGPU on SwiftShader without a GPU. The page
// must be a secure context (http://127.0.0.1), which the preview server provides.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium quiet on the network (no updates, sync or background fetches). */
export const quietChromiumArgs = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const webgpuChromiumArgs = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-webgpu-developer-features',
  ...quietChromiumArgs,
];
