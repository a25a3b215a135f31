// Node module customization hooks (module.register) implementing Vite's `?raw` imports: the
// module's default export is the file's text. Runs on Node's loader thread; see register-raw.mjs.
import { access, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const RAW = '?raw';

function isPathLike(specifier) {
  return /^(\.{1,2}\/|\/|file:)/.test(specifier);
}

export async function resolve(specifier, context, nextResolve) {
  if (!specifier.endsWith(RAW)) return nextResolve(specifier, context);
  const target = specifier.slice(0, -RAW.length);
  // Relative and absolute paths resolve against the importer like any import; bare package
  // specifiers go through the normal chain (node_modules lookup), then get the suffix back.
  const url = isPathLike(target)
    ? new URL(target, context.parentURL)
    : new URL((await nextResolve(target, context)).url);
  if (url.protocol !== 'file:') throw new Error(`?raw import "${specifier}" does not name a local file (${url.href})`);
  try {
    await access(url);
  } catch {
    const from = context.parentURL ? ` imported from ${fileURLToPath(context.parentURL)}` : '';
    throw new Error(`cannot find file ${fileURLToPath(url)} (?raw import "${specifier}"${from})`);
  }
  url.search = RAW;
  return { url: url.href, format: 'module', shortCircuit: true };
}

export async function load(url, context, nextLoad) {
  if (!url.endsWith(RAW)) return nextLoad(url, context);
  const file = new URL(url);
  file.search = '';
  const text = await readFile(file, 'utf8');
  return { format: 'module', source: `export default ${JSON.stringify(text)};\n`, shortCircuit: true };
}
