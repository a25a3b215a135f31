// Reads the repository's own source files and their imports, for the architecture tests: which
// layer a file belongs to, what it imports (relative paths resolved, packages by name). Test-only;
// nothing in the app imports it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAst } from 'rolldown/parseAst';

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

function resolveRelative(from: string, spec: string): string | undefined {
  const bare = spec.split('?')[0]!;
  const base = path.join(path.dirname(path.join(ROOT, from)), bare);
  // moduleResolution 'bundler' also accepts './x.js' for './x.ts'.
  const jsToTs = /\.m?js$/.test(base) ? [base.replace(/\.m?js$/, '.ts'), base.replace(/\.m?js$/, '.tsx')] : [];
  for (const c of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    ...jsToTs,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
  ]) {
    if (existsSync(c) && statSync(c).isFile()) return path.relative(ROOT, c).split(path.sep).join('/');
  }
  return undefined;
}

function refOf(file: string, spec: string, typeOnly: boolean): ImportRef {
  if (spec.startsWith('.')) return { spec, target: resolveRelative(file, spec), typeOnly };
  return { spec, pkg: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0], typeOnly };
}

type Node = { type: string; [key: string]: unknown };

/** A specifier written as a string literal or a template literal without substitutions. */
function literal(node: unknown): string | undefined {
  const n = node as Node | null;
  if (!n) return undefined;
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && (n.expressions as unknown[]).length === 0) {
    return (n.quasis as { value: { cooked: string } }[])[0]!.value.cooked;
  }
  return undefined;
}

/**
 * Every import of a file, read from its syntax tree (rolldown's parser, the one Vite uses): static
 * imports and re-exports, side-effect imports, dynamic `import()` (with options or a template
 * literal too) and `import('…')` types. Comments and strings cannot hide or fake an import.
 */
export function importsOf(file: string): ImportRef[] {
  // Files that are not TypeScript (e.g. a test fixture kept out of the compiler as .ts.txt) parse as TS.
  const lang = file.endsWith('.tsx') ? 'tsx' : file.endsWith('.mjs') || file.endsWith('.js') ? 'js' : 'ts';
  const ast = parseAst(readSource(file), { lang }) as unknown as Node;
  const refs: ImportRef[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n);
      return;
    }
    const n = node as Node;
    const spec =
      n.type === 'ImportDeclaration' || n.type === 'ExportNamedDeclaration' || n.type === 'ExportAllDeclaration'
        ? literal(n.source)
        : n.type === 'ImportExpression' || n.type === 'TSImportType'
          ? literal(n.source ?? n.argument)
          : undefined;
    if (spec !== undefined)
      refs.push(refOf(file, spec, n.importKind === 'type' || n.exportKind === 'type' || n.type === 'TSImportType'));
    for (const [key, value] of Object.entries(n))
      if (key !== 'type' && value && typeof value === 'object') visit(value);
  };
  visit(ast);
  return refs;
}

export const isTest = (file: string): boolean => /\.(test|spec)\.tsx?$/.test(file) || file.startsWith('e2e/');
