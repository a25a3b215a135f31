// Bundles the headless CLIs into plain ES-module JavaScript for the GPU kit: no tsx and no
// node_modules at run time. What Vite does for the app is done here for Node:
//   - `import text from './x.wgsl?raw'` (shaders, shipped data files) becomes the file's text,
//   - `__APP_VERSION__` becomes package.json's version,
//   - the benchmark peers (ONNX Runtime Web, TensorFlow.js) are bundled: in Node they run on the
//     kit's dawn.node device (src/experiments/benchmarks/harness/peerHost.ts), and ORT's
//     WebAssembly file is copied beside the bundles, where the Node host's file reader
//     (src/gpu/node.ts nodeFiles, bundled into each CLI) looks for it first;
//   - `?url` assets (only the browser's way to ORT's WebAssembly) become stubs that throw,
//   - `webgpu` (dawn.node and its JS glue) stays external: the kit ships it beside the bundles.
import { copyFile, mkdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from 'node:path';
import { build } from 'esbuild';

const RAW = '?raw';

/** Vite's `?raw` for esbuild: the default export is the file's text. */
export const rawPlugin = {
  name: 'raw',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, async (args) => {
      const target = args.path.slice(0, -RAW.length);
      let path;
      if (target.startsWith('.') || isAbsolute(target)) {
        path = resolvePath(args.resolveDir, target);
      } else {
        const r = await b.resolve(target, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer });
        if (r.errors.length) return { errors: r.errors };
        path = r.path;
      }
      return { path, namespace: 'raw-file', watchFiles: [path] };
    });
    b.onLoad({ filter: /.*/, namespace: 'raw-file' }, async (args) => {
      try {
        return { contents: await readFile(args.path, 'utf8'), loader: 'text', resolveDir: dirname(args.path) };
      } catch (e) {
        return { errors: [{ text: `cannot read ${args.path} for a ?raw import: ${e.message}` }] };
      }
    });
  },
};

/** Asset URLs (Vite's `?url`) only a browser uses: replaced by a module that throws on load. */
export const BROWSER_ONLY = /\?url$/;

/**
 * Files the bundled peers read at run time through Gpu.files, copied beside the bundles
 * (package-relative, as the peers ask for them: harness/ortPeer.ts ORT_WASM).
 */
export const PEER_ASSETS = ['onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm'];

export const browserOnlyPlugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: BROWSER_ONLY }, (args) => ({ path: args.path, namespace: 'browser-only' }));
    // A CommonJS stub (module.exports): esbuild allows any named import from it, and the throw
    // happens only when (if ever) the peer module is loaded.
    b.onLoad({ filter: /.*/, namespace: 'browser-only' }, (args) => ({
      contents:
        `module.exports = {};\n` +
        `throw new Error(${JSON.stringify(`${args.path} is a browser-only asset and not part of the headless GPU kit`)});\n`,
      loader: 'js',
    }));
  },
};

/**
 * Bundles each entry (`{ name: 'cli/experiment.ts' }`, paths relative to `root`) to
 * `outDir/<name>.mjs`. Returns the input files (relative to root) and output sizes.
 */
export async function bundleClis({ root, entries, outDir, version }) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(entries)),
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    external: ['webgpu'],
    define: { __APP_VERSION__: JSON.stringify(version) },
    // CommonJS code inside an ES-module bundle may call require(): give it Node's.
    banner: {
      js: "import { createRequire as __kitCreateRequire } from 'node:module';\nconst require = __kitCreateRequire(import.meta.url);",
    },
    plugins: [rawPlugin, browserOnlyPlugin],
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs);
  const outputs = Object.fromEntries(Object.entries(result.metafile.outputs).map(([p, o]) => [p, o.bytes]));
  const require = createRequire(join(root, 'package.json'));
  await mkdir(outDir, { recursive: true });
  for (const asset of PEER_ASSETS) {
    const from = require.resolve(asset);
    const to = join(outDir, basename(from));
    await copyFile(from, to);
    outputs[to] = (await stat(to)).size;
  }
  return { inputs, outputs };
}
