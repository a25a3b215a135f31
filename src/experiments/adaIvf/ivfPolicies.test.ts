// The six maintenance policies on a drifting stream with the CPU engine (no GPU needed), and LIRE
// on duplicate vectors.
import { describe, expect, it } from 'vitest';
import { createDriftingMixture } from '../../data/gaussianMixture';
import { createRng } from '../../data/pcg32';
import { mixtureWorkload } from '../../data/vectorWorkload';
import { adaIvfPolicy, localRecluster } from './ivfAda';
import { CpuClusterEngine } from './ivfCpuEngine';
import { dedriftPolicy } from './ivfDedrift';
import { CountingEngine } from './ivfEngine';
import type { IvfIndex } from './ivfIndex';
import { lirePolicy } from './ivfLire';
import {
  frozenPolicy,
  rebuildEvaluations,
  rebuildIndex,
  rebuildPolicy,
  updatePolicy,
  type MaintenancePolicy,
  type PolicyParams,
} from './ivfPolicy';
import { buildInitialIndex, runBatch } from './ivfStream';

const params: PolicyParams = {
  targetSize: 20,
  rebuildFraction: 0.025,
  rebuildIters: 4,
  localIters: 3,
  neighbours: 2,
  balance: 1,
  lireMin: 0.5,
  lireMax: 2,
  dedriftMode: 'hybrid',
  dedriftShare: 0.002,
  alpha: 1,
  beta: 0.5,
  tauF: 0.6,
  gamma: 0.5,
  tauG: 5,
  eta: 0.05,
  nu: 0.05,
};

const mix = createDriftingMixture({ components: 6, dim: 4, separation: 1, sigma: 0.6, drift: 1 }, createRng(1));
const workload = mixtureWorkload(
  mix,
  500,
  {
    initialFraction: 0.2,
    batchSize: 60,
    deleteFraction: 0.2,
    clusterSamplingFraction: 0.5,
    readWriteRatio: 0,
    queryMode: 'uniform',
    queryFocus: 1,
    evalQueries: 5,
    checkpoints: 1,
  },
  createRng(2),
);

function consistent(index: IvfIndex, expectedLive: number): void {
  expect(index.live).toBe(expectedLive);
  let count = 0;
  index.partitions.forEach((p, c) => {
    for (const id of p.members) {
      expect(index.where[id]).toBe(c);
      count++;
    }
  });
  expect(count).toBe(expectedLive);
}

async function replay(policy: MaintenancePolicy, p = params) {
  const engine = new CountingEngine(new CpuClusterEngine(workload.data, workload.d, createRng(3)), workload.d);
  const index = await buildInitialIndex(workload.data, workload.d, workload.initial, engine, p);
  const K0 = index.size;
  const c0 = index.centroidMatrix();
  policy.start?.(index);
  engine.distanceEvaluations = 0;
  let live = workload.initial;
  const kinds: string[] = [];
  for (const b of workload.batches) {
    const events = await runBatch(index, b, policy, { engine, params: p });
    kinds.push(...events.map((e) => e.kind));
    live += b.insertEnd - b.insertStart - b.deletes.length;
    consistent(index, live);
  }
  return { index, K0, c0, kinds, evals: engine.distanceEvaluations };
}

describe('maintenance policies on a drifting stream (CPU engine)', () => {
  it('Frozen routes inserts but never moves a centroid or adds a partition', async () => {
    const r = await replay(frozenPolicy());
    expect(r.index.size).toBe(r.K0);
    expect(Array.from(r.index.centroidMatrix())).toEqual(Array.from(r.c0));
    expect(r.kinds).toEqual([]);
  });

  it('Update follows Alg. 2: s·μ − Σx stays what it was after the build (centroid → mean)', async () => {
    const engine = new CpuClusterEngine(workload.data, workload.d, createRng(3));
    const index = await buildInitialIndex(workload.data, workload.d, workload.initial, engine, params);
    const offset = (i: number) =>
      Array.from(
        index.partitions[i]!.centroid,
        (c, t) => index.partitions[i]!.members.length * c - index.partitions[i]!.sum[t]!,
      );
    const before = index.partitions.map((_, i) => offset(i));
    const policy = updatePolicy();
    for (const b of workload.batches) await runBatch(index, b, policy, { engine, params });
    expect(index.size).toBe(before.length);
    index.partitions.forEach((p, i) => {
      if (p.members.length === 0) return;
      offset(i).forEach((v, t) => expect(v).toBeCloseTo(before[i]![t]!, 2));
      // ...so the centroid ends up much closer to the members' mean than the frozen one would be.
      const mean = Array.from(p.sum, (v) => v / p.members.length);
      const gap = Math.hypot(...Array.from(p.centroid, (c, t) => c - mean[t]!));
      expect(gap).toBeLessThan(0.1);
    });
  });

  it('Rebuild re-clusters to n/τ_s partitions whenever 2.5% changed', async () => {
    const r = await replay(rebuildPolicy());
    expect(r.kinds.filter((k) => k === 'rebuild').length).toBe(workload.batches.length);
    expect(r.index.size).toBeLessThanOrEqual(Math.round(r.index.live / params.targetSize));
    expect(r.index.size).toBeGreaterThan(r.K0);
  });

  it('LIRE keeps every partition within its split limit and re-forms no more than it must', async () => {
    const r = await replay(lirePolicy());
    for (const p of r.index.partitions)
      expect(p.members.length).toBeLessThanOrEqual(params.lireMax * params.targetSize);
    expect(r.kinds).toContain('split');
    expect(r.index.size).toBeGreaterThan(r.K0);
  });

  it('DeDrift keeps K (up to empty results) and evens out the largest clusters vs Update', async () => {
    const upd = await replay(updatePolicy());
    const r = await replay(dedriftPolicy());
    expect(r.index.size).toBeLessThanOrEqual(r.K0);
    expect(r.index.size).toBeGreaterThanOrEqual(r.K0 - 2);
    expect(r.kinds).toContain('dedrift-split');
    expect(r.index.stats().maxSize).toBeLessThan(upd.index.stats().maxSize);
  });

  it('Ada-IVF re-clusters locally, keeps sizes near τ_s and spends far less than Rebuild', async () => {
    const reb = await replay(rebuildPolicy());
    const r = await replay(adaIvfPolicy());
    expect(r.kinds).toContain('recluster');
    expect(r.kinds).not.toContain('rebuild'); // τ_G = 5: the global trigger stays quiet here
    expect(r.index.stats().maxSize).toBeLessThan(4 * params.targetSize);
    expect(r.evals).toBeLessThan(reb.evals / 2);
  });

  it('Ada-IVF rebuilds when the global indicator fires', async () => {
    const r = await replay(adaIvfPolicy(), { ...params, tauG: 0.05, tauF: 100 });
    expect(r.kinds).toContain('rebuild');
  });

  it('local re-clustering splits an oversized violator and pulls in its neighbours', async () => {
    const engine = new CpuClusterEngine(workload.data, workload.d, createRng(9));
    const index = await buildInitialIndex(workload.data, workload.d, workload.initial, engine, params);
    const big = index.partitions.reduce(
      (b, p, i) => (p.members.length > index.partitions[b]!.members.length ? i : b),
      0,
    );
    const before = index.size;
    const live = index.live;
    const seeds = Math.ceil(index.partitions[big]!.members.length / 5);
    const e = await localRecluster(index, [big], { engine, params: { ...params, targetSize: 5 } });
    // Alg. 4 pulls each seed's r_c nearest partitions: the union has r_c to seeds·r_c of them.
    expect(e.partitions).toBeGreaterThanOrEqual(1 + params.neighbours);
    expect(e.partitions).toBeLessThanOrEqual(1 + Math.min(before - 1, seeds * params.neighbours));
    expect(index.live).toBe(live);
    expect(index.size).toBeGreaterThan(before);
  });
});

describe('LIRE on duplicates', () => {
  it('does not loop on a partition 2-means cannot divide', async () => {
    const d = 2;
    const data = new Float32Array(200 * d).fill(3); // 200 identical vectors
    const engine = new CountingEngine(new CpuClusterEngine(data, d, createRng(1)), d);
    const p = { ...params, targetSize: 10 };
    const index = await buildInitialIndex(data, d, 20, engine, p);
    const events = await runBatch(
      index,
      { insertStart: 20, insertEnd: 200, deletes: new Int32Array(0) },
      lirePolicy(),
      { engine, params: p },
    );
    expect(index.live).toBe(200);
    expect(events.filter((e) => e.kind === 'split').length).toBe(1); // tried once, then left alone
    expect(engine.calls).toBeLessThan(10);
  });
});

describe('rebuild work', () => {
  it.each([1, 37, 500])(
    'rebuildEvaluations equals what the counting engine counts for a rebuild of %i vectors',
    async (n) => {
      const engine = new CountingEngine(new CpuClusterEngine(workload.data, workload.d, createRng(4)), workload.d);
      const index = await buildInitialIndex(workload.data, workload.d, n, engine, params);
      engine.distanceEvaluations = 0;
      const e = await rebuildIndex(index, { engine, params });
      expect(e.vectors).toBe(n);
      expect(engine.distanceEvaluations).toBeGreaterThan(0);
      expect(rebuildEvaluations(e.vectors, params)).toBe(engine.distanceEvaluations);
    },
  );

  it('an empty index costs nothing to rebuild', () => {
    expect(rebuildEvaluations(0, params)).toBe(0);
  });
});
