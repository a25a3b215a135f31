// Bundles the headless CLIs into plain ES-module JavaScript for the GPU kit: no tsx and no
// node_modules at run time. What Vite does for the app is done here for Node:
//   - `import text from './x.wgsl?raw'` (shaders, shipped data files) becomes the file's text,
//   - `__APP_VERSION__` becomes package.json's version,
//   - the browser-only benchmark peers (ONNX Runtime Web, TensorFlow.js, and their `?url` assets)
//     become stubs that throw: they need the browser's navigator.gpu, so the benchmarks experiment
//     never loads them in Node (peers.ts reports them as unavailable before importing them),
//   - `webgpu` (dawn.node and its JS glue) stays external: the kit ships it beside the bundles.
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve as resolvePath } from 'node:path';
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

/** Packages (and asset URLs) that only work in a browser: replaced by a module that throws on load. */
export const BROWSER_ONLY = /^(onnxruntime-web|@tensorflow\/)|\?url$/;

export const browserOnlyPlugin = {
  name: 'browser-only',
  setup(b) {
    b.onResolve({ filter: BROWSER_ONLY }, (args) => ({ path: args.path, namespace: 'browser-only' }));
    // A CommonJS stub (module.exports): esbuild allows any named import from it, and the throw
    // happens only when (if ever) the peer module is loaded.
    b.onLoad({ filter: /.*/, namespace: 'browser-only' }, (args) => ({
      contents:
        `module.exports = {};\n` +
        `throw new Error(${JSON.stringify(`${args.path} is browser-only and not part of the headless GPU kit (run \`npm run bench\` for the peer libraries)`)});\n`,
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
  const leaked = inputs.filter((p) => /node_modules\/(onnxruntime-web|@tensorflow)\//.test(p));
  if (leaked.length) throw new Error(`browser-only peer code reached the kit bundle: ${leaked.join(', ')}`);
  const outputs = Object.fromEntries(Object.entries(result.metafile.outputs).map(([p, o]) => [p, o.bytes]));
  return { inputs, outputs };
}
