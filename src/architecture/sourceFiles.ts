// Reads the repository's own source files and their imports, for the architecture tests: which
// layer a file belongs to, what it imports (relative paths resolved, packages by name). Test-only;
// nothing in the app imports it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

const SOURCE = /\.(ts|tsx|mjs)$/;
const SKIP = new Set(['node_modules', 'dist', '.git', 'e2e-artifacts', 'test-results', '.gpu-kit']);

/** Repo-relative paths (forward slashes) of every file under `dir` whose name matches `pattern`. */
export function listFiles(dir: string, pattern: RegExp = SOURCE): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const e of readdirSync(abs, { withFileTypes: true })) {
      if (SKIP.has(e.name)) continue;
      const p = path.join(abs, e.name);
      if (e.isDirectory()) walk(p);
      else if (pattern.test(e.name)) out.push(path.relative(ROOT, p).split(path.sep).join('/'));
    }
  };
  if (existsSync(path.join(ROOT, dir))) walk(path.join(ROOT, dir));
  return out.sort();
}

export const readSource = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

export interface ImportRef {
  /** The specifier as written, e.g. '../gpu/gpu' or 'react'. */
  spec: string;
  /** Repo-relative file it resolves to (relative specifiers only). */
  target?: string;
  /** Package name for bare specifiers ('react', '@webgpu/types', 'node:fs'). */
  pkg?: string;
  typeOnly: boolean;
}

// Static imports and re-exports (`import … from`, `export … from`, side-effect `import '…'`) and
// dynamic `import('…')`. Comments are stripped first so commented-out code does not count.
const IMPORT =
  /(?:^|[;\s])(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function resolveRelative(from: string, spec: string): string | undefined {
  const bare = spec.split('?')[0]!;
  const base = path.join(path.dirname(path.join(ROOT, from)), bare);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), path.join(base, 'index.tsx')]) {
    if (existsSync(c) && statSync(c).isFile()) return path.relative(ROOT, c).split(path.sep).join('/');
  }
  return undefined;
}

export function importsOf(file: string): ImportRef[] {
  const text = stripComments(readSource(file));
  const refs: ImportRef[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = (m[3] ?? m[4])!;
    const typeOnly = Boolean(m[2]);
    if (spec.startsWith('.')) refs.push({ spec, target: resolveRelative(file, spec), typeOnly });
    else
      refs.push({
        spec,
        pkg: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0],
        typeOnly,
      });
  }
  return refs;
}

export const isTest = (file: string): boolean => /\.(test|spec)\.tsx?$/.test(file) || file.startsWith('e2e/');
