import { describe, expect, it } from 'vitest';
import { createDriftingMixture } from './gaussianMixture';
import { createRng } from './pcg32';
import { parseVectorFile, VectorFileError } from './vectorFile';
import {
  activeGroups,
  checkpointBatches,
  fileOrderLabels,
  labelledWorkload,
  MIN_STREAM_ROWS,
  mixtureWorkload,
  type WorkloadSpec,
} from './vectorWorkload';

const spec: WorkloadSpec = {
  initialFraction: 0.2,
  batchSize: 50,
  deleteFraction: 0.2,
  clusterSamplingFraction: 0.25,
  readWriteRatio: 0.4,
  queryMode: 'localized',
  queryFocus: 0.25,
  evalQueries: 12,
  checkpoints: 2,
};

describe('drifting Gaussian mixture', () => {
  it('samples around the drifting means', () => {
    const mix = createDriftingMixture({ components: 3, dim: 4, separation: 1, sigma: 0.1, drift: 2 }, createRng(1));
    const rng = createRng(2);
    const out = new Float32Array(4);
    for (const tau of [0, 1]) {
      const mean = new Float64Array(4);
      for (let i = 0; i < 400; i++) {
        mix.sample(1, tau, rng, out, 0);
        out.forEach((v, t) => {
          mean[t]! += v / 400;
        });
      }
      const want = mix.meanAt(1, tau);
      mean.forEach((v, t) => expect(Math.abs(v - want[t]!)).toBeLessThan(0.03));
    }
    const move = Math.hypot(...Array.from(mix.meanAt(1, 1), (v, t) => v - mix.meanAt(1, 0)[t]!));
    expect(move).toBeCloseTo(2 * Math.sqrt(4), 6); // drift × separation × √d
  });
});

describe('update stream', () => {
  const mix = createDriftingMixture({ components: 8, dim: 3, separation: 1, sigma: 0.2, drift: 1 }, createRng(3));
  const w = mixtureWorkload(mix, 400, spec, createRng(4));

  it('inserts every vector once, in id order, after the initial set', () => {
    expect(w.initial).toBe(80);
    let next = w.initial;
    for (const b of w.batches) {
      expect(b.insertStart).toBe(next);
      next = b.insertEnd;
      expect(b.insertEnd - b.insertStart).toBeLessThanOrEqual(40);
    }
    expect(next).toBe(400);
    expect(w.batches.length).toBe(8);
  });

  it('deletes only live vectors, each at most once', () => {
    const live = new Set(Array.from({ length: w.initial }, (_, i) => i));
    for (const b of w.batches) {
      expect(b.deletes.length).toBe(10);
      for (const id of b.deletes) {
        expect(live.has(id)).toBe(true);
        live.delete(id);
      }
      for (let id = b.insertStart; id < b.insertEnd; id++) live.add(id);
    }
  });

  it('inserts from a window of CSF·G groups and queries from the hot set', () => {
    for (const b of w.batches) {
      expect(b.groups.length).toBe(2);
      for (let id = b.insertStart; id < b.insertEnd; id++) expect(b.groups).toContain(w.group[id]);
      expect(b.queries.length).toBe(20 * 3);
    }
    expect(w.hotGroups.length).toBe(2);
    expect(activeGroups(8, 0.25, 1, 8)).toEqual([0, 1]);
    expect(activeGroups(8, 0.25, 8, 8)).toEqual([6, 7]);
    // Localized queries sit near a hot component's current mean.
    const q = w.evaluations.get(8)!;
    for (let i = 0; i < q.length / 3; i++) {
      const nearest = [...Array(8).keys()].sort(
        (a, b) => dist(q, i, mix.meanAt(a, 1)) - dist(q, i, mix.meanAt(b, 1)),
      )[0]!;
      expect(w.hotGroups).toContain(nearest);
    }
  });

  it('evaluates at the start and at evenly spaced checkpoints', () => {
    expect(checkpointBatches(8, 2)).toEqual([0, 4, 8]);
    expect([...w.evaluations.keys()]).toEqual([0, 4, 8]);
    expect(w.evaluations.get(4)!.length).toBe(12 * 3);
  });

  it('a labelled set streams in label order and keeps its query pool out of the index', () => {
    const labels = Int32Array.from({ length: 60 }, (_, i) => (i * 7) % 3);
    const vectors = Float32Array.from({ length: 60 * 2 }, (_, i) => Math.floor(i / 2) + (i % 2) * 0.5);
    const lw = labelledWorkload(
      vectors,
      labels,
      2,
      { ...spec, deleteFraction: 0, queryMode: 'uniform' },
      createRng(5),
      'test',
    );
    expect(lw.data.length / 2).toBe(54); // 10% of each label held out
    for (let i = 1; i < 54; i++) expect(lw.group[i]!).toBeGreaterThanOrEqual(lw.group[i - 1]!);
    const indexed = new Set(Array.from({ length: 54 }, (_, i) => lw.data[i * 2]!));
    for (const q of lw.evaluations.values())
      for (let i = 0; i < q.length / 2; i++) expect(indexed.has(q[i * 2]!)).toBe(false);
  });
});

function dist(q: Float32Array, i: number, m: Float64Array): number {
  let s = 0;
  for (let t = 0; t < m.length; t++) s += (q[i * m.length + t]! - m[t]!) ** 2;
  return s;
}

describe('small and lopsided uploads', () => {
  const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => `${i},${i * 0.5},${-i}`).join('\n') + '\n';
  const queriedRows = (w: ReturnType<typeof labelledWorkload>, vectors: Float32Array, d: number): Set<number> => {
    const rows = new Set<number>();
    const all = [...w.evaluations.values(), ...w.batches.map((b) => b.queries)];
    for (const q of all)
      for (let i = 0; i < q.length / d; i++)
        rows.add(vectors.findIndex((_, r) => r % d === 0 && vectors[r] === q[i * d]) / d);
    return rows;
  };

  it('a 15-row CSV streamed in file order: every chunk has ≥ 2 rows, so each holds out a query', () => {
    const set = parseVectorFile(new TextEncoder().encode(rowsOf(15)), 'small.csv');
    const labels = fileOrderLabels(set.rows);
    const counts = new Map<number, number>();
    for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
    expect(counts.size).toBe(7);
    for (const c of counts.values()) expect(c).toBeGreaterThanOrEqual(2);
    const w = labelledWorkload(set.data, labels, set.d, { ...spec, batchSize: 4 }, createRng(3), 'small.csv');
    expect(w.batches.length).toBeGreaterThan(0);
    expect(w.evaluations.size).toBeGreaterThan(0);
  });

  it('a label with a single row gives no queries (and is named), instead of crashing the sampler', () => {
    const d = 3;
    const labels = Int32Array.from({ length: 40 }, (_, i) => (i === 39 ? 7 : i % 3));
    const vectors = Float32Array.from({ length: 40 * d }, (_, i) => (i % d === 0 ? Math.floor(i / d) : 0.25));
    for (const queryMode of ['uniform', 'localized'] as const) {
      const w = labelledWorkload(
        vectors,
        labels,
        d,
        { ...spec, batchSize: 6, queryFocus: 1, queryMode },
        createRng(9),
        'lopsided',
      );
      expect(w.source).toMatch(/label 7 with a single row gives? no queries/);
      expect(queriedRows(w, vectors, d).has(39)).toBe(false);
    }
    const allSingle = Int32Array.from({ length: 12 }, (_, i) => i);
    expect(() => labelledWorkload(new Float32Array(12 * d), allSingle, d, spec, createRng(1), 'singles.csv')).toThrow(
      /singles\.csv: every label has a single row/,
    );
  });

  it(`fewer than ${MIN_STREAM_ROWS} rows are refused with a message naming the file`, () => {
    expect(() =>
      labelledWorkload(new Float32Array(9 * 2), fileOrderLabels(9), 2, spec, createRng(1), 'tiny.csv'),
    ).toThrow(VectorFileError);
    expect(() =>
      labelledWorkload(new Float32Array(9 * 2), fileOrderLabels(9), 2, spec, createRng(1), 'tiny.csv'),
    ).toThrow(/tiny\.csv: 9 vectors are too few to stream \(need at least 10/);
  });
});
