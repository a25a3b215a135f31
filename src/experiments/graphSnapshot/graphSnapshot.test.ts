// GraphSnapShot tests: the caches (what each sampler stores and refreshes), the modeled view
// (cost model, presets), and a small real run on dawn.node whose GPU samples must equal the CPU's.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { modelExperiment, runExperiment } from '../runner';
import { generateSbm } from '../../data/graphs/generators';
import { degrees } from '../../data/graphs/csr';
import { sampleNeighborsReference } from '../../kernels/graph/sampleNeighbors.reference';
import { graphSnapshot } from './index';
import { SnapshotCache, type SamplerKind } from './snapshotCache';
import { simulateSampler, type SnapshotWorkload } from './simulate';
import { batchTime } from './model';
import { liveGraphTooLarge, LIVE_MODEL_MAX_EDGES } from './ogbLike';
import { UserInputError } from '../types';

const task = generateSbm({
  numNodes: 600,
  communities: 3,
  avgDegree: 10,
  homophily: 0.8,
  featureDim: 4,
  featureNoise: 1,
  trainFraction: 0.3,
  validFraction: 0,
  seed: 2,
  degreeTail: 1.5,
});
const w: SnapshotWorkload = {
  graph: task.graph,
  train: task.train,
  batchSize: 16,
  batches: 9,
  fanouts: [5, 5],
  theta: 20,
  alpha: 2,
  gamma: 0.4,
  refreshEvery: 3,
  seed: 3,
};
const metric = (r: { metrics: { key: string; value: number | string }[] }, k: string) =>
  r.metrics.find((m) => m.key === k)!.value as number;

function driven(kind: SamplerKind, batches: number): SnapshotCache {
  const cache = new SnapshotCache(w.graph, {
    kind,
    fanouts: w.fanouts,
    theta: w.theta,
    alpha: w.alpha,
    gamma: w.gamma,
    refreshEvery: w.refreshEvery,
    seed: 1,
  });
  for (let b = 0; b < batches; b++)
    for (const req of cache.requests(b))
      cache.apply(b, req, sampleNeighborsReference(w.graph, req.nodes, req.fanout, req.seed));
  return cache;
}

describe('GraphSnapShot caches', () => {
  it('degree split: only nodes of degree > θ are cached; their rows come from the cache', () => {
    const cache = driven('FCR', 1);
    const deg = degrees(w.graph);
    expect(cache.denseNodes.length).toBe(deg.filter((d) => d > 20).length);
    expect(cache.denseNodes.length).toBeGreaterThan(0);
    const [g0] = cache.hopGraphs();
    const hub = cache.denseNodes[0]!;
    expect(g0!.indptr[hub + 1]! - g0!.indptr[hub]!).toBe(10); // α·f = 2·5 cached neighbours
    const sparse = deg.findIndex((d) => d > 0 && d <= 20);
    expect(Array.from(g0!.indices.subarray(g0!.indptr[sparse], g0!.indptr[sparse + 1]))).toEqual(
      Array.from(w.graph.indices.subarray(w.graph.indptr[sparse], w.graph.indptr[sparse + 1])),
    );
  });
  it('FCR re-samples everything every R batches; OTF rotates ⌊f·γ⌋ entries of rows read; SC shares one cache', () => {
    const fcr = driven('FCR', 1);
    expect(fcr.requests(3).length).toBe(2); // two hops, full rebuild at b = R
    expect(fcr.requests(4)).toEqual([]);
    const otf = driven('OTF', 1);
    expect(otf.requests(3)).toEqual([]); // no rows read yet: nothing to refresh
    const sc = driven('FCR-SC', 1);
    const fcrOnly = driven('FCR', 1);
    expect(sc.residentCacheEdges() * 2).toBe(fcrOnly.residentCacheEdges());
    expect(sc.hopGraphs()[0]).toBe(sc.hopGraphs()[1]);
  });
  it('simulation: FBL caches nothing; cached samplers touch fewer full-row entries; OTF refreshes less than FCR', () => {
    const stats = (['FBL', 'FCR', 'OTF', 'FCR-SC', 'OTF-SC'] as SamplerKind[]).map((k) => simulateSampler(w, k));
    const [fbl, fcr, otf, fcrSc] = stats;
    expect(fbl!.cacheEdges).toBe(0);
    expect(fbl!.fastTouches).toBe(0);
    expect(fcr!.slowTouches).toBeLessThan(fbl!.slowTouches);
    expect(otf!.refreshTouches).toBeLessThan(fcr!.refreshTouches);
    expect(fcrSc!.storedEdges).toBeLessThan(fcr!.storedEdges);
    const speeds = { slowEdgesPerSec: 1e6, cacheEdgesPerSec: 1e8, computeMs: 0 };
    const entries = { ...speeds, basis: 'entries' as const };
    const picks = { ...speeds, basis: 'picks' as const };
    expect(batchTime(fcrSc!, entries).samplingMs).toBeLessThan(batchTime(fbl!, entries).samplingMs);
    // Counting neighbours drawn, a full re-draw every 3 batches costs more than the cache saves;
    // with the paper's T = 50 the cache wins.
    expect(batchTime(fcrSc!, picks).samplingMs).toBeGreaterThan(batchTime(fbl!, picks).samplingMs);
    const rare = simulateSampler({ ...w, refreshEvery: 50 }, 'FCR-SC');
    expect(batchTime(rare, picks).samplingMs).toBeLessThan(batchTime(fbl!, picks).samplingMs);
    // FCR re-samples every cached row each T batches: its refresh work per batch is the build over T.
    expect(fcr!.refreshPicks).toBeCloseTo(fcr!.cacheEdges / w.refreshEvery, 9);
  });
  it('cache rows beyond the sampler limit are refused with a clear message', () => {
    expect(
      () =>
        new SnapshotCache(w.graph, {
          kind: 'FCR',
          fanouts: [40],
          theta: 1,
          alpha: 2,
          gamma: 0.3,
          refreshEvery: 3,
          seed: 1,
        }),
    ).toThrow(/cache row of 80 neighbours exceeds the sampler's limit of 64/);
  });
});

describe('GraphSnapShot modeled view', () => {
  // Speed is measured by cli/liveModelBench.ts, never asserted here.
  it('the small presets are valid; θ above every degree says the cache is unused', () => {
    for (const id of ['sbm-small', 'karate']) {
      const r = modelExperiment(graphSnapshot, graphSnapshot.presets.find((p) => p.id === id)!.values)!;
      expect(r.tables.find((t) => t.id === 'samplers')!.rows, id).toHaveLength(5);
    }
    const r = modelExperiment(graphSnapshot, { theta: 10_000 })!;
    expect(r.notices.join(' ')).toMatch(/No node has degree > θ = 10000/);
    expect(metric(r, 'reduction-FCR')).toBeCloseTo(0, 9);
  });
  it('reductions stay modeled (a cost-model output) when the tier speeds come from a run, and say what was measured', () => {
    const r = modelExperiment(graphSnapshot, { speedSource: 'measured' }, { cacheEdgesPerSec: 2e8, computeMs: 1.5 })!;
    const reductions = r.metrics.filter((m) => m.key === 'bestReduction' || m.key.startsWith('reduction-'));
    expect(reductions.length).toBeGreaterThan(1);
    for (const m of reductions) {
      expect(m.provenance, m.key).toBe('modeled');
      expect(m.note, m.key).toMatch(/cost model; inputs measured on this device: the cache-tier speed/);
    }
  });
  it('a cost-model slider reuses the simulated samplers: same sampler statistics, new times', () => {
    const a = modelExperiment(graphSnapshot, { slowEdgesPerSec: 5e6 })!;
    const b = modelExperiment(graphSnapshot, { slowEdgesPerSec: 1e7 })!;
    const rows = (r: typeof a) => r.tables.find((t) => t.id === 'samplers')!.rows;
    expect(rows(b).map((x) => x.slice(0, 11))).toEqual(rows(a).map((x) => x.slice(0, 11)));
    expect(rows(b)[0]![11]).toBeCloseTo((rows(a)[0]![11] as number) / 2, 9); // FBL sampling time halves
  });
  it('a refresh period longer than the simulated batches only rescales the amortised refresh work', () => {
    const at = (refreshEvery: number) =>
      modelExperiment(graphSnapshot, { refreshEvery, modelBatches: 4 })!.tables.find((t) => t.id === 'samplers')!.rows;
    const [a, b] = [at(50), at(100)];
    const fcr = (rows: typeof a) => rows.find((x) => x[0] === 'FCR')!;
    expect(fcr(b)[9]).toBeCloseTo((fcr(a)[9] as number) / 2, 9); // refresh touches per batch: build / T
    expect(fcr(b).slice(1, 9)).toEqual(fcr(a).slice(1, 9)); // the simulated batches themselves are the same
  });
  it('paper table: our value lands in the row of the current fanouts', () => {
    const r = modelExperiment(graphSnapshot, { hops: 3, fanout: 5 })!;
    const rows = r.tables.find((t) => t.id === 'paper-reduction')!.rows;
    const otfSc = rows.find((x) => x[0] === 'OTF-SC' && x[1] === '[5,5,5]')!;
    expect(otfSc[2]).toBe(29.63);
    expect(typeof otfSc[3]).toBe('number');
    expect(rows.find((x) => x[0] === 'OTF-SC' && x[1] === '[20,20,20]')![3]).toBeNull();
  });
});

describe('GraphSnapShot real run (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('every sampler trains; GPU cache build and DENSE blocks equal the CPU; calibration returned', async () => {
    const r = await runExperiment(
      graphSnapshot,
      {
        nodes: 300,
        hops: 2,
        fanout: 4,
        theta: 12,
        batchSize: 32,
        runEpochs: 4,
        hidden: 16,
        learningRate: 0.03,
        featureNoise: 1,
      },
      { gpu: gpu() },
    );
    expect(r.checks.length).toBe(3);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    for (const k of ['FBL', 'FCR', 'FCR-SC', 'OTF', 'OTF-SC']) expect(metric(r, `runAcc-${k}`), k).toBeGreaterThan(0.5);
    expect(r.calibration?.cacheEdgesPerSec).toBeGreaterThan(0);
    expect(r.tables.find((t) => t.id === 'run-samplers')!.rows).toHaveLength(5);
    expect(r.notices.join(' ')).toMatch(
      /Full graph uploaded once for the run \([\d.]+ ms, not counted in any sampler's times\)/,
    );
  });
});

describe('GraphSnapShot live view size limit', () => {
  it('refuses ogb-like graphs above the live edge cap with the scale that fits, before generating', () => {
    expect(() => modelExperiment(graphSnapshot, { graph: 'ogbn-products', ogbScale: 4 })).toThrow(UserInputError);
    const msg = liveGraphTooLarge('ogbn-products', 4)!;
    expect(msg).toContain(LIVE_MODEL_MAX_EDGES.toLocaleString('en-US'));
    // 61,859,140 undirected edges / 2 M → scale 31 is the smallest that fits.
    expect(msg).toContain('to 31 or more');
    expect(liveGraphTooLarge('ogbn-products', 31)).toBeUndefined();
    expect(liveGraphTooLarge('ogbn-products', 30)).toBeDefined();
    expect(liveGraphTooLarge('ogbn-arxiv', 1)).toBeUndefined();
    expect(liveGraphTooLarge('sbm-dc', 1)).toBeUndefined();
  });
});
