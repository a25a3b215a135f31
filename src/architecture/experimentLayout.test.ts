// The experiment skeleton of docs/ARCHITECTURE.md, enforced: every paper experiment's folder has
// index.ts (metadata and wiring), params.ts, paperClaims.ts, model.ts, modelView.ts, kernelRun.ts,
// README.md and tests; workbench tools without a paper have at least index.ts, params.ts and a README.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, readSource } from './sourceFiles';

const dir = path.join(ROOT, 'src/experiments');
const folders = readdirSync(dir, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);
const PAPER = ['index.ts', 'params.ts', 'paperClaims.ts', 'model.ts', 'modelView.ts', 'kernelRun.ts', 'README.md'];
const TOOL = ['index.ts', 'params.ts', 'README.md'];

describe('experiment folders', () => {
  it('every folder is a registered experiment', () => {
    const registry = readSource('src/experiments/registry.ts');
    for (const f of folders)
      expect(registry, `src/experiments/${f} is not in registry.ts`).toMatch(new RegExp(`from './${f}'`));
  });

  it('paper experiments have the full skeleton and tests; tools have index, params and a README', () => {
    expect(folders.length).toBeGreaterThan(5);
    for (const f of folders) {
      const files = readdirSync(path.join(dir, f));
      const isPaper =
        existsSync(path.join(dir, f, 'index.ts')) && /\bpaper:\s*\{/.test(readSource(`src/experiments/${f}/index.ts`));
      const want = isPaper ? PAPER : TOOL;
      expect(
        want.filter((x) => !files.includes(x)),
        `src/experiments/${f} lacks`,
      ).toEqual([]);
      if (isPaper)
        expect(
          files.some((x) => x.endsWith('.test.ts')),
          `src/experiments/${f} has no tests`,
        ).toBe(true);
    }
  });
});
