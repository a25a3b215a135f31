// Node host: dawn.node (npm `webgpu`). Only Node code (CLI, tests) imports this file, so the
// native module never reaches the browser bundle.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Gpu, type HostFiles } from './gpu';
import { WebGpuUnavailableError } from './errors';

/** SwiftShader's Vulkan ICD ships with Debian's chromium package; Dawn rejects Debian 12's lavapipe. */
export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpuOptions {
  /** Use the adapter whose name contains this text (dawn.node's `adapter=` option); default: Dawn's choice. */
  adapter?: string;
  /**
   * With no `adapter` named, run on SwiftShader (CPU emulation, found on any machine with
   * chromium) rather than on Dawn's pick of the machine's own drivers: the tests and the
   * experiment / kernel CLIs ask for this; `npm run bench -- --host node --adapter default` does not.
   */
  defaultToSwiftShader?: boolean;
}

/**
 * The Vulkan ICD to point the loader at, or undefined to leave the machine's drivers (and a
 * VK_ICD_FILENAMES / VK_DRIVER_FILES the user set) alone. Chromium's SwiftShader ICD only when
 * SwiftShader is what was asked for: a GPU asked for must never silently become CPU emulation.
 */
export function swiftShaderIcdFor(
  opts: NodeGpuOptions,
  env: Record<string, string | undefined>,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (env.VK_ICD_FILENAMES || env.VK_DRIVER_FILES) return undefined;
  const wanted = opts.adapter ? /swiftshader/i.test(opts.adapter) : Boolean(opts.defaultToSwiftShader);
  return wanted && exists(SWIFTSHADER_ICD) ? SWIFTSHADER_ICD : undefined;
}

/**
 * The app's own files for the benchmark peers, read from disk (ORT's web build would fetch them,
 * and Node's fetch reads no files): beside the running module first (the GPU kit copies them
 * beside its bundles, scripts/gpu-kit/bundle.mjs), else from node_modules.
 */
export const nodeFiles: HostFiles = {
  async read(spec) {
    const places = [new URL(basename(spec), import.meta.url)];
    try {
      places.push(pathToFileURL(createRequire(import.meta.url).resolve(spec)));
    } catch {
      // No node_modules (the GPU kit): the copy beside the bundle is the only one.
    }
    const found = places.find((p) => existsSync(p));
    if (!found) throw new Error(`${spec} not found (looked at ${places.map((p) => fileURLToPath(p)).join(', ')})`);
    const bytes = await readFile(found);
    return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
  },
};

export async function createNodeGpu(opts: NodeGpuOptions = {}): Promise<Gpu> {
  const icd = swiftShaderIcdFor(opts, process.env);
  if (icd) process.env.VK_ICD_FILENAMES = icd;
  // The Vulkan loader pulls in libwayland, which prints "error: XDG_RUNTIME_DIR is invalid" on
  // headless machines; that reads like one of our errors, so give it a directory.
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = tmpdir();
  let mod: typeof import('webgpu');
  try {
    mod = await import('webgpu');
  } catch (e) {
    throw new WebGpuUnavailableError(
      'node-module-missing',
      `cannot load dawn.node (npm 'webgpu'): ${(e as Error).message}`,
    );
  }
  // dawn.node's classes (GPUBufferUsage, ...) must be global for code written against the browser API.
  Object.assign(globalThis, mod.globals);
  // Dawn quantises timestamps (to ~65 µs) unless told not to, as Chrome does without
  // --enable-webgpu-developer-features; kernel timing needs the full resolution.
  const flags = ['disable-dawn-features=timestamp_quantization'];
  if (opts.adapter) flags.push(`adapter=${opts.adapter}`);
  let entry: GPU | null = mod.create(flags);
  try {
    return await Gpu.create(entry, {
      host: 'node',
      files: nodeFiles,
      // The process cannot exit while the GPU object is referenced (crbug 387965810).
      onDestroy: () => {
        entry = null;
      },
    });
  } catch (e) {
    if (e instanceof WebGpuUnavailableError && e.reason === 'no-adapter') {
      throw new WebGpuUnavailableError(
        'no-adapter',
        `dawn.node found no Vulkan adapter. Install the GPU's Vulkan driver, or for CPU emulation on Debian: apt-get install chromium libvulkan1 (SwiftShader ICD at ${SWIFTSHADER_ICD}) and ask for it (WORKBENCH_ADAPTER=SwiftShader), or set VK_ICD_FILENAMES.`,
      );
    }
    // dawn.node rejects with "no suitable backends found\nAvailable adapters: …" when no adapter
    // matches `adapter=`: a user error, and the list says what to ask for.
    if (opts.adapter && /no suitable backends found/.test((e as Error).message)) {
      entry = null;
      throw new WebGpuUnavailableError(
        'no-adapter',
        `no WebGPU adapter matches "${opts.adapter}". ${(e as Error).message.replace(/^no suitable backends found\s*/, '')}`,
      );
    }
    throw e;
  }
}
