// Ada-IVF experiment: the live analytic model (presets, speed, counts) and a tiny stream replay on
// dawn.node (checks pass, throughput normalised to Rebuild, uploaded vector files).
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { defaultValues } from '../../core/params';
import { modelExperiment, runExperiment } from '../runner';
import type { ParamValues, RunResult } from '../types';
import { adaIvf } from './index';
import { TABLE3 } from './paperClaims';
import { modelStream } from './model';
import { encodeFvecs } from '../../data/fvecs';
import { createRng } from '../../data/pcg32';

const metric = (r: { metrics: { key: string; value: number | string }[] }, k: string) =>
  r.metrics.find((m) => m.key === k)?.value as number;
const table = (r: { tables: { id: string; rows: unknown[][] }[] }, id: string) => r.tables.find((t) => t.id === id)!;

/** Quoted values must not share a column with ours: no non-paper column labels its rows "paper…". */
function expectOneProvenancePerColumn(r: RunResult): void {
  for (const t of r.tables) {
    t.columns.forEach((c, j) => {
      if (c.provenance === 'paper') return;
      for (const row of t.rows) expect(String(row[j]), `${t.id}.${c.key} (${c.provenance})`).not.toMatch(/^paper/i);
    });
  }
}

/** A stream small enough for SwiftShader: 300 vectors, 3 update batches, all six policies. */
const TINY = {
  dataset: 'gmm',
  vectors: 300,
  dim: 6,
  components: 6,
  initialFraction: 0.2,
  batchSize: 80,
  targetSize: 15,
  evalQueries: 16,
  checkpoints: 1,
  timingReps: 1,
  rebuildIters: 3,
  localIters: 2,
  readWriteRatio: 0.1,
};

describe('Ada-IVF model (pure, live)', () => {
  it('every preset is valid and gives the model summary', () => {
    expect(adaIvf.presets.map((p) => p.id)).toEqual([
      'generator-defaults',
      'bigann-ss-like',
      'internal-like',
      'digits-by-label',
      'tiny',
    ]);
    for (const p of adaIvf.presets) {
      const r = modelExperiment(adaIvf, p.values)!;
      expect(r.tables.map((t) => t.id)).toContain('model-summary');
    }
  });

  it('model vs paper: our modeled ratio and the quoted values sit in separate columns, each of one provenance', () => {
    const r = modelExperiment(adaIvf, {})!;
    expectOneProvenancePerColumn(r);
    const t = r.tables.find((x) => x.id === 'model-vs-paper')!;
    expect(t.columns.map((c) => [c.key, c.provenance])).toEqual([
      ['policy', 'modeled'],
      ['modeled', 'modeled'],
      ['paperInternal', 'paper'],
      ['paperBigann', 'paper'],
    ]);
    const lire = t.rows.find((row) => row[0] === 'LIRE')!;
    expect(lire.slice(2)).toEqual([
      TABLE3.find((x) => x.policy === 'lire')!.internal[1],
      TABLE3.find((x) => x.policy === 'lire')!.bigann[1],
    ]);
    expect(t.rows.find((row) => row[0] === 'DeDrift')!.slice(2)).toEqual([null, null]);
    const paper = r.tables.find((x) => x.id === 'paper-table3')!;
    expect(paper.columns.every((c) => c.provenance === 'paper')).toBe(true);
    for (const chart of r.charts)
      expect(
        r.tables.some((x) => x.id === chart.table),
        chart.id,
      ).toBe(true);
  });
  it('counts Rebuild and Frozen work exactly as the engine does (k-means++ seeding included)', () => {
    const p = {
      ...defaultValues(adaIvf.params),
      vectors: 600,
      initialFraction: 0.2,
      batchSize: 80,
      targetSize: 20,
      rebuildIters: 8,
    };
    const m = modelStream(p);
    expect(m.T).toBe(6);
    // Frozen: every insert against the K0 = 120/20 = 6 centroids.
    expect(m.policies.find((x) => x.id === 'frozen')!.total).toBe(480 * 6);
    // Rebuild every batch (80 ≥ 2.5% of n): seeding n·K plus 9·n·K Lloyd passes, plus routing
    // against the previous K.
    let want = 0;
    for (let t = 1; t <= 6; t++) {
      const n = 120 + 80 * t;
      const K = Math.round(n / 20);
      want += 80 * Math.round((n - 80) / 20) + n * K + 9 * n * K;
    }
    expect(m.policies.find((x) => x.id === 'rebuild')!.total).toBe(want);
  });

  it('spreads a stream’s inserts over the partitions: a partition re-clusters only once its own growth reaches the threshold', () => {
    const p = (id: string, over: Record<string, number> = {}): ParamValues => ({
      ...defaultValues(adaIvf.params),
      ...adaIvf.presets.find((x) => x.id === id)!.values,
      ...over,
    });
    const work = (v: Record<string, unknown>, id: string) => modelStream(v as never).policies.find((x) => x.id === id)!;
    // Internal-like at τ_f = 1: 1200 net inserts over 30 partitions is 40 each, short of the
    // 100 a cold partition needs (s* = 50·(1 + 1/0.5) = 150): Ada-IVF only routes, like Frozen.
    const internal = p('internal-like');
    expect(work(internal, 'ada-ivf').total).toBe(work(internal, 'frozen').total);
    expect(work(internal, 'ada-ivf').partitions.at(-1)).toBe(30);
    // With the threshold within reach (τ_f = 0.1: s* = 60), it re-clusters, and K grows 2-fold.
    const low = p('internal-like', { tauF: 0.1 });
    expect(work(low, 'ada-ivf').total).toBeGreaterThan(2 * work(low, 'frozen').total);
    expect(work(low, 'ada-ivf').partitions.at(-1)).toBeGreaterThan(30);
  });

  it('responds to the knobs in the expected direction', () => {
    const base = defaultValues(adaIvf.params);
    const at = (over: Record<string, number>) =>
      metric(modelExperiment(adaIvf, { ...base, ...over })!, 'modelAdaVsRebuild');
    expect(at({ tauF: 3 })).toBeGreaterThan(at({ tauF: 0.5 })); // a laxer local threshold means less maintenance
    expect(at({ rebuildFraction: 0.1 })).toBeLessThan(at({ rebuildFraction: 0.01 })); // rarer rebuilds make Rebuild cheaper
  });

  it('without a GPU the run replays the stream on the CPU (exact counts) and says so', async () => {
    const r = await runExperiment(adaIvf, TINY, {});
    expect(r.notices[0]).toMatch(
      /No WebGPU: the stream .* was replayed on the CPU; counts are exact, nothing was timed/,
    );
    expect(r.checks).toHaveLength(0);
    const t3 = table(r, 'table3');
    expect(t3.rows.map((row) => row[0])).toEqual(['Frozen', 'Update', 'LIRE', 'DeDrift', 'Ada-IVF', 'Rebuild']);
    expect(t3.rows[5]!.slice(1, 3)).toEqual([1, 1]);
    expect(r.metrics.filter((m) => m.primary).map((m) => [m.key, m.provenance])).toEqual([
      ['adaVsLireWork', 'computed'],
    ]);
    expect(r.reproductions).toBeUndefined(); // not a paper preset
    expectOneProvenancePerColumn(r);
  }, 60_000);

  it('without a GPU a stream too large for the CPU stays modeled and says so', async () => {
    const r = await runExperiment(adaIvf, { vectors: 50_000 }, {});
    expect(r.notices[0]).toMatch(/too many to replay on the CPU .* everything shown is modeled/);
    expect(r.tables.some((t) => t.id === 'table3')).toBe(false);
  });
});

describe('Ada-IVF stream replay on the GPU (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('runs all six policies, passes its checks and normalises to Rebuild', async () => {
    const r = await runExperiment(adaIvf, TINY, { gpu: gpu() });
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(r.checks.length).toBe(8);
    const t3 = table(r, 'table3');
    expect(t3.rows.map((row) => row[0])).toEqual(['Frozen', 'Update', 'LIRE', 'DeDrift', 'Ada-IVF', 'Rebuild']);
    expect(t3.rows[5]!.slice(1, 5)).toEqual([1, 1, 1, 1]);
    // Frozen does no maintenance: its counted update work per update is far below Rebuild's.
    expect(t3.rows[0]![4] as number).toBeGreaterThan(5);
    const counted = table(r, 'model-vs-counted');
    const frozen = counted.rows.find((row) => row[0] === 'Frozen')!;
    expect(frozen[1]).toBe(frozen[2]); // model and engine count routing identically
    expect(r.calibration?.msPerDistanceEval).toBeGreaterThan(0);
    const curve = table(r, 'recall-curve');
    expect(curve.rows.length).toBeGreaterThan(6);
    expect(Math.max(...curve.rows.map((row) => row[2] as number))).toBe(1); // probing every list is exact
    expectOneProvenancePerColumn(r);
    for (const chart of r.charts)
      expect(
        r.tables.some((x) => x.id === chart.table),
        chart.id,
      ).toBe(true);
  }, 120_000);

  it('reports malformed or mismatched uploads clearly', async () => {
    const csv = (t: string) => ({ name: 'v.csv', bytes: new TextEncoder().encode(t) });
    await expect(
      runExperiment(adaIvf, { vectorFile: 'v.csv' }, { gpu: gpu(), files: { vectorFile: csv('1,2,3\n4,5\n') } }),
    ).rejects.toThrow(/v.csv: row 2 has 2 values, expected 3/);
    await expect(
      runExperiment(
        adaIvf,
        { vectorFile: 'v.csv', queryFile: 'q.csv' },
        {
          gpu: gpu(),
          files: {
            vectorFile: csv('1,2,3,4\n5,6,7,8\n9,1,2,3\n'),
            queryFile: { name: 'q.csv', bytes: new TextEncoder().encode('1,2,3\n') },
          },
        },
      ),
    ).rejects.toThrow(/q.csv has d=3 but v.csv has d=4/);
    await expect(
      runExperiment(
        adaIvf,
        { vectorFile: 'v.fvecs', fileLabels: 'last-column' },
        { gpu: gpu(), files: { vectorFile: { name: 'v.fvecs', bytes: new Uint8Array(8) } } },
      ),
    ).rejects.toThrow(/labels in the last column are only read from CSV files/);
  });

  it('streams an uploaded .fvecs set in file order', async () => {
    const rng = createRng(4);
    const rows = 240,
      d = 5;
    const data = Float32Array.from({ length: rows * d }, (_, i) => Math.floor(i / d / 24) * 3 + rng.normal());
    const files = { vectorFile: { name: 'mine.fvecs', bytes: encodeFvecs({ rows, d, data }) } };
    const r = await runExperiment(
      adaIvf,
      { ...TINY, vectorFile: 'mine.fvecs', runUpdate: false, runLire: false, runDedrift: false, runAda: false },
      { gpu: gpu(), files },
    );
    expect(r.notices[0]).toMatch(/mine.fvecs \(240×5\), streamed in file order/);
    expect(r.checks.length).toBe(4); // ground truth, IVF search, two list layouts
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(table(r, 'table3').rows.map((row) => row[0])).toEqual(['Frozen', 'Rebuild']);
  }, 60_000);
});
