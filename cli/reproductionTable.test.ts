// The README's reproduction table is generated from the experiments: it fails here when it is out
// of date (regenerate with `npm run reproduction-table`), and the rendering is pinned on a tiny case.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  renderReproductionTable,
  reproductionJson,
  replaceReproductionTable,
  scanReproductions,
  statusText,
  TABLE_END,
  TABLE_START,
} from './reproductionTable';
import { REPO_ROOT } from './spawnCli';
import { experiments } from '../src/experiments/registry';
import type { Experiment } from '../src/experiments/types';
import type { Reproduction } from '../src/core/reproduction';

const rep = (ours: number, cause?: string): Reproduction => ({
  key: 'k',
  claim: 'A claim',
  where: 'Table 9',
  paper: 10,
  ours,
  unit: '×',
  oursProvenance: 'modeled',
  tolerance: 0.1,
  cause,
});

describe('README reproduction table', () => {
  it('renders within / off with the cause, and lists experiments without claims', () => {
    expect(statusText(rep(10.5))).toBe('reproduced, within ±10 %');
    expect(statusText({ ...rep(10.5, 'fitted to it'), basis: 'calibrated' })).toBe(
      'agrees by construction (calibrated on this number), within ±10 %: fitted to it',
    );
    expect(statusText(rep(13, 'the disk is slower'))).toBe('off by +30 % (tolerance ±10 %): the disk is slower');
    const exp = { id: 'x', title: 'X: thing', presets: [] } as unknown as Experiment;
    const other = { id: 'y', title: 'Y: other', presets: [] } as unknown as Experiment;
    const text = renderReproductionTable({
      rows: [{ experiment: exp, preset: 'p', reproduction: rep(13, 'a|b') }],
      without: [other],
      errors: [],
    });
    expect(text).toContain(
      '| X · `p` | A claim | 10× (Table 9) | 13× | modeled | off by +30 % (tolerance ±10 %): a\\|b |',
    );
    expect(text).toContain("No verdict in the live model (see the experiment's README): Y.");
    expect(text).toContain('0 of 1 claims within their stated tolerance; 0 of them independently');
    expect(replaceReproductionTable(`a\n${TABLE_START}\nold\n${TABLE_END}\nb`, 'NEW')).toBe('a\nNEW\nb');
    expect(() => replaceReproductionTable('no markers', 'NEW')).toThrow(/needs the markers/);
  });

  it('prints bands and deviations with enough digits that they never look contradictory', () => {
    // An R² band of ±0.4 % used to print as "within ±0 %".
    expect(statusText({ ...rep(10.02), tolerance: 0.004 })).toBe('reproduced, within ±0.4 %');
    // +15.5 % against ±15 % used to print as "off by +15 % (tolerance ±15 %)".
    expect(statusText({ ...rep(11.55, 'slower disk'), tolerance: 0.15 })).toBe(
      'off by +16 % (tolerance ±15 %): slower disk',
    );
    expect(statusText({ ...rep(11.504, 'slower disk'), tolerance: 0.15 })).toBe(
      'off by +15.04 % (tolerance ±15 %): slower disk',
    );
    expect(statusText({ ...rep(9.3, 'x'), tolerance: 0.05 })).toBe('off by -7 % (tolerance ±5 %): x');
  });

  it('leaves no dangling ": " when a qualified agreement has no cause', () => {
    expect(statusText({ ...rep(10.5), basis: 'calibrated' })).toBe(
      'agrees by construction (calibrated on this number), within ±10 %',
    );
    expect(statusText({ ...rep(10.5, '   '), basis: 'degenerate' })).not.toMatch(/:\s*$/);
    expect(statusText(rep(13))).toBe('off by +30 % (tolerance ±10 %): no cause given');
  });

  it('--json records never throw: a malformed one is status invalid with the reason', () => {
    expect(reproductionJson(rep(10.5))).toMatchObject({ status: 'within', verdict: 'Reproduced' });
    expect(reproductionJson(rep(10.5)).deviation).toBeCloseTo(0.05, 12);
    const bad = reproductionJson({ ...rep(10.5), paper: 0 });
    expect(bad.status).toBe('invalid');
    expect(bad.deviation).toBeNull();
    expect(bad.verdict).toMatch(/^Not comparable: .*non-zero paper value/);
    expect(statusText({ ...rep(10.5), tolerance: -1 })).toMatch(/^not comparable: .*tolerance ≥ 0/);
  });

  it('README.md holds the table the experiments generate now (else run `npm run reproduction-table`)', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const scan = scanReproductions(experiments);
    expect(scan.errors).toEqual([]);
    const current = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
    expect(current, 'README reproduction table is stale: run `npm run reproduction-table`').toBe(
      renderReproductionTable(scan),
    );
  });
});
