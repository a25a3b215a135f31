// The kernel layout of docs/ARCHITECTURE.md, enforced: kernels live in families
// (src/kernels/<family>/), each kernel's WGSL at src/shaders/<family>/<kernel>[.<pass>].wgsl (the
// path of one gives the path of the other), every shader imported by its own wrapper only, every
// wrapper with an independent CPU reference and a test, and no WGSL anywhere else.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, importsOf, isTest, listFiles, readSource } from './sourceFiles';

const dirs = (p: string) =>
  readdirSync(path.join(ROOT, p), { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
const families = dirs('src/kernels');
const shaders = listFiles('src/shaders', /\.wgsl$/);

/** src/shaders/vector/topk.rows.wgsl → src/kernels/vector/topk.ts */
export function wrapperOf(shader: string): string {
  const [, family, file] = /^src\/shaders\/([^/]+)\/([^/]+)\.wgsl$/.exec(shader)!;
  return `src/kernels/${family}/${file!.split('.')[0]}.ts`;
}

/** Files that hold a kernel's WGSL via `?raw` (the wrappers). */
const wgslImports = listFiles('src').flatMap((f) =>
  importsOf(f)
    .filter((r) => r.spec.endsWith('.wgsl?raw'))
    .map((r) => ({ file: f, shader: r.target ?? r.spec })),
);

/**
 * Wrappers whose reference or test has another name, and why. Everything else must have
 * <kernel>.reference.ts and <kernel>.test.ts beside it.
 */
const COVERED_ELSEWHERE: Record<string, { reference?: string; test?: string; why: string }> = {
  'src/kernels/common/pcg.ts': {
    reference: 'src/data/pcg32.ts',
    why: 'the WGSL half of the shared RNG: its reference is the CPU generator it must match bit for bit',
  },
  'src/kernels/common/topkSelect.ts': {
    reference: 'src/kernels/vector/topk.reference.ts',
    test: 'src/kernels/vector/topk.test.ts',
    why: 'a WGSL prelude (workgroup top-k selection): checked through the per-row top-k and the IVF scan',
  },
  'src/kernels/graph/sageOps.ts': {
    reference: 'src/kernels/graph/sageModel.reference.ts',
    test: 'src/kernels/graph/sageModel.test.ts',
    why: 'the GraphSAGE ops are checked together, as one training step of the model they make up',
  },
};

describe('kernel families and their shaders', () => {
  it('src/kernels has only families and the family-independent contract files at its top', () => {
    const top = readdirSync(path.join(ROOT, 'src/kernels'), { withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => e.name)
      .sort();
    expect(top).toEqual(['compare.test.ts', 'compare.ts', 'registry.ts', 'types.ts']);
    for (const f of top) expect(readSource(`src/kernels/${f}`), f).not.toMatch(/\.wgsl\?raw/);
  });

  it('every family has an index.ts (its public API), and every shader folder is a family', () => {
    for (const fam of families) expect(existsSync(path.join(ROOT, 'src/kernels', fam, 'index.ts')), fam).toBe(true);
    for (const fam of dirs('src/shaders'))
      expect(families, `src/shaders/${fam} has no src/kernels/${fam}`).toContain(fam);
  });

  it('maps a shader path to its wrapper path', () => {
    expect(wrapperOf('src/shaders/vector/topk.rows.wgsl')).toBe('src/kernels/vector/topk.ts');
    expect(wrapperOf('src/shaders/matmul/matmul.wgsl')).toBe('src/kernels/matmul/matmul.ts');
  });

  it('every shader has its wrapper, and the wrapper imports it', () => {
    expect(shaders.length).toBeGreaterThan(20);
    for (const s of shaders) {
      const w = wrapperOf(s);
      expect(existsSync(path.join(ROOT, w)), `${s} has no wrapper ${w}`).toBe(true);
      expect(
        wgslImports.filter((i) => i.shader === s).map((i) => i.file),
        `${s} is imported by`,
      ).toEqual([w]);
    }
  });

  it('wrappers import only their own shaders (no borrowed WGSL across kernels)', () => {
    expect(wgslImports.length).toBeGreaterThan(20);
    for (const { file, shader } of wgslImports) expect(wrapperOf(shader), `${file} imports ${shader}`).toBe(file);
  });

  it('only the common family exports WGSL for other kernels (as preludes)', () => {
    for (const { file } of wgslImports.filter((i) => !i.file.startsWith('src/kernels/common/'))) {
      const text = readSource(file);
      const raw = [...text.matchAll(/^import (\w+) from '[^']+\.wgsl\?raw';$/gm)].map((m) => m[1]!);
      for (const name of raw) {
        const reexport = new RegExp(
          `export\\s*\\{[^}]*\\b${name}\\b[^}]*\\}|export\\s+(const|let)\\s+\\w+\\s*(:[^=]+)?=\\s*${name}\\b`,
        );
        expect(text, `${file} re-exports its WGSL (${name})`).not.toMatch(reexport);
        expect(text, `${file} builds WGSL by concatenation (use a prelude)`).not.toMatch(
          new RegExp(`\\$\\{${name}\\}`),
        );
      }
    }
  });

  it('every wrapper has an independent CPU reference and a test', () => {
    const wrappers = [...new Set(wgslImports.map((i) => i.file))];
    for (const w of wrappers) {
      const base = w.replace(/\.ts$/, '');
      const other = COVERED_ELSEWHERE[w];
      const reference = other?.reference ?? `${base}.reference.ts`;
      const test = other?.test ?? `${base}.test.ts`;
      expect(existsSync(path.join(ROOT, reference)), `${w}: no reference ${reference}`).toBe(true);
      expect(existsSync(path.join(ROOT, test)), `${w}: no test ${test}`).toBe(true);
    }
    for (const w of Object.keys(COVERED_ELSEWHERE)) expect(wrappers, `stale exception ${w}`).toContain(w);
  });

  it('no source file outside src/shaders holds WGSL (tests may hold tiny harness shaders)', () => {
    const wgsl = /@compute|@workgroup_size|var<storage|@group\(\d+\)\s*@binding/;
    const offenders = ['src', 'cli'].flatMap((d) => listFiles(d)).filter((f) => !isTest(f) && wgsl.test(readSource(f)));
    expect(offenders).toEqual([]);
  });
});
