// The import rules of docs/ARCHITECTURE.md, enforced: the layer table there is parsed (it is the
// source of truth), every source file's imports are read, and any import of a layer the file's
// row does not allow fails with the file, the import and the rule.
import { describe, expect, it } from 'vitest';
import { importsOf, isTest, listFiles, readSource, type ImportRef } from './sourceFiles';

interface LayerRule {
  layer: string;
  mayImport: string[];
}

/** Rows of the "Layers" table: `| \`path\` | what | \`a\`, \`b\` |`. */
export function parseLayerTable(markdown: string): LayerRule[] {
  const section = markdown.slice(
    markdown.indexOf('## Layers'),
    markdown.indexOf('\n## ', markdown.indexOf('## Layers') + 1),
  );
  const rules: LayerRule[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const layer = /^`([^`]+)`$/.exec(cells[1] ?? '')?.[1];
    if (!layer || cells.length < 5) continue;
    rules.push({ layer, mayImport: [...(cells[3] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]!) });
  }
  return rules;
}

const rules = parseLayerTable(readSource('docs/ARCHITECTURE.md'));
const layerPaths = rules.map((r) => r.layer);

/** The longest layer path that `file` lies in (or is), if any. */
export function layerOf(file: string, layers: string[] = layerPaths): string | undefined {
  return layers.filter((l) => file === l || file.startsWith(`${l}/`)).sort((a, b) => b.length - a.length)[0];
}

const ENGINE = ['src/core', 'src/data', 'src/gpu', 'src/shaders', 'src/sim', 'src/kernels', 'src/experiments'];
const REACT_PACKAGES = new Set(['react', 'react-dom', 'zustand']);
/** Layers that end up in the browser bundle: no Node built-ins, no dawn.node. */
const BROWSER = [...ENGINE, 'src/state', 'src/ui', 'src/main.tsx'];
const NODE_ONLY_FILES = new Set(['src/gpu/node.ts', 'src/gpu/testing.ts']);
const ROOT_CONFIGS = ['vite.config.ts', 'vitest.config.ts', 'playwright.config.ts'];
const files = [...['src', 'cli', 'e2e', 'scripts'].flatMap((d) => listFiles(d)), ...ROOT_CONFIGS];

/** The rule breaks of one file's imports (empty when it keeps every rule). */
export function checkImports(file: string, refs: ImportRef[]): string[] {
  const out: string[] = [];
  const from = layerOf(file);
  if (!from) return [`${file}: belongs to no layer of the table`];
  const allowed = new Set([from, ...rules.find((r) => r.layer === from)!.mayImport]);
  for (const ref of refs) {
    if (ref.pkg) {
      if (ENGINE.includes(from) && REACT_PACKAGES.has(ref.pkg)) {
        out.push(`${file}: imports '${ref.pkg}' (the engine never imports React)`);
      }
      const browserFile = BROWSER.includes(from) && !NODE_ONLY_FILES.has(file) && !isTest(file);
      if (browserFile && (ref.pkg.startsWith('node:') || ref.pkg === 'webgpu')) {
        out.push(`${file}: imports '${ref.spec}' (${from} runs in the browser: no Node built-ins or dawn.node)`);
      }
      continue;
    }
    if (!ref.target) {
      // Tests may name missing files on purpose (the ?raw loader's error case).
      if (!isTest(file) && !file.startsWith('src/architecture/fixtures/'))
        out.push(`${file}: cannot resolve '${ref.spec}'`);
      continue;
    }
    const to = layerOf(ref.target, [...layerPaths, 'public', 'package.json']) ?? ref.target;
    if (!allowed.has(to)) out.push(`${file}: imports ${ref.target} (${from} may not import ${to})`);
    if (ref.target === 'src/gpu/node.ts' && !(from === 'cli' || file === 'src/gpu/testing.ts' || isTest(file))) {
      out.push(`${file}: imports src/gpu/node.ts (dawn.node is for the CLI and tests only)`);
    }
    const own = /^src\/experiments\/([^/]+)\//.exec(file)?.[1];
    const other = /^src\/experiments\/([^/]+)\//.exec(ref.target)?.[1];
    if (own && other && own !== other) out.push(`${file}: imports ${ref.target} (experiments never import each other)`);
  }
  return out;
}

describe('layer rules (docs/ARCHITECTURE.md)', () => {
  it('the table parses into the layers we expect', () => {
    expect(layerPaths).toEqual(expect.arrayContaining([...ENGINE, 'src/state', 'src/ui', 'cli', 'e2e']));
    expect(rules.find((r) => r.layer === 'src/core')!.mayImport).toEqual([]);
    expect(rules.find((r) => r.layer === 'src/kernels')!.mayImport).toContain('src/gpu');
  });

  it('assigns files to the longest matching layer', () => {
    expect(layerOf('src/main.tsx')).toBe('src/main.tsx');
    expect(layerOf('src/kernels/vector/knn.ts')).toBe('src/kernels');
    expect(layerOf('src/coreX/a.ts')).toBeUndefined();
  });

  it('reports each kind of rule break (the checker is not vacuous)', () => {
    const rel = (target: string): ImportRef => ({ spec: target, target, typeOnly: false });
    const pkg = (name: string): ImportRef => ({ spec: name, pkg: name, typeOnly: false });
    expect(checkImports('src/kernels/vector/knn.ts', [rel('src/experiments/types.ts')])).toEqual([
      'src/kernels/vector/knn.ts: imports src/experiments/types.ts (src/kernels may not import src/experiments)',
    ]);
    expect(checkImports('src/kernels/vector/knn.ts', [rel('src/gpu/gpu.ts'), rel('src/core/index.ts')])).toEqual([]);
    expect(checkImports('src/sim/links.ts', [pkg('react')])).toHaveLength(1);
    expect(checkImports('src/ui/App.tsx', [pkg('react')])).toEqual([]);
    expect(checkImports('src/kernels/probe/probe.ts', [rel('src/gpu/node.ts')])).toHaveLength(1);
    expect(checkImports('src/experiments/chai/model.ts', [rel('src/experiments/marius/model.ts')])).toHaveLength(1);
    expect(checkImports('src/experiments/registry.ts', [rel('src/experiments/marius/index.ts')])).toEqual([]);
    expect(checkImports('src/nowhere.ts', [])).toHaveLength(1);
    expect(checkImports('src/kernels/vector/knn.ts', [pkg('node:fs')])).toHaveLength(1);
    expect(checkImports('src/experiments/chai/model.ts', [pkg('webgpu')])).toHaveLength(1);
    expect(checkImports('src/gpu/node.ts', [pkg('webgpu')])).toEqual([]);
    expect(checkImports('cli/kernel.ts', [pkg('node:fs')])).toEqual([]);
    expect(checkImports('src/kernels/vector/knn.ts', [{ spec: '../nowhere', typeOnly: false }])).toHaveLength(1);
  });

  it('reads imports from syntax, not text: comments and strings neither hide nor fake them', () => {
    const refs = importsOf('src/architecture/fixtures/importForms.ts.txt').map((r) => r.spec);
    expect(refs).toEqual([
      '../sourceFiles',
      './typeOnly',
      '../layers.test',
      './dynamic',
      './template',
      './withOptions',
      './typeImport',
    ]);
  });

  it('reads real imports from the files', () => {
    const seen = files.filter((f) => f.startsWith('src/kernels/')).flatMap((f) => importsOf(f).map((r) => r.target));
    expect(seen).toContain('src/gpu/gpu.ts');
    expect(seen.some((s) => s?.startsWith('src/shaders/'))).toBe(true);
  });

  it('every source file imports only what its layer allows', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap((f) => checkImports(f, importsOf(f)))).toEqual([]);
  });
});
