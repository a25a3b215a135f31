// Ada-IVF (Mohoney et al., arXiv 2411.00970): read temperatures (Alg. 3), the local indicator
// (Eq. 1–4), the global indicator (Eq. 5–11) and the manager (Alg. 1 + 4): after each batch the
// running means are updated (Alg. 2), partitions whose indicator exceeds τ_f are re-clustered
// locally together with their r_c nearest partitions (size-balanced k-means seeded by the
// violators' split centroids and the neighbours' centroids), and the index is rebuilt only when
// the global indicator exceeds τ_G.
import type { IndexStats, IvfIndex, Partition } from './ivfIndex';
import {
  rebuildIndex,
  type MaintenanceContext,
  type MaintenanceEvent,
  type MaintenancePolicy,
  type PolicyParams,
} from './ivfPolicy';

/** Size term f_s (Eq. 2): relative excess above τ_s, or shortfall below it relative to s. */
export function sizeTerm(s: number, targetSize: number): number {
  if (s >= targetSize) return (s - targetSize) / targetSize;
  return s > 0 ? (targetSize - s) / s : Infinity;
}

/**
 * Drift term f_d (Eq. 3), in units of the partition's own spread: ‖μ − μ0‖ / r, with r the RMS
 * distance of its members to μ (from the exact running sums).
 *
 * The paper prints ‖μ − μ0‖ / ‖μ0‖. That divisor depends on where the origin is, not on the
 * partition: on centred data (every embedding model's, and our mixture's) a partition near the
 * origin reports a huge drift for a tiny move and one far away almost none for a move across its
 * whole cell, and translating the data changes every indicator. Drift matters to search because
 * a centroid that moved by a sizeable share of its cell's radius routes queries to the wrong
 * lists, so the radius is the scale that keeps f_d translation- and scale-invariant (tested). An
 * empty partition, or one whose members coincide, has no spread to drift across: f_d = 0.
 */
export function driftTerm(p: Partition): number {
  const s = p.members.length;
  if (s === 0) return 0;
  let diff = 0,
    dot = 0,
    norm = 0;
  for (let t = 0; t < p.centroid.length; t++) {
    const c = p.centroid[t]!;
    diff += (c - p.mu0[t]!) ** 2;
    dot += c * p.sum[t]!;
    norm += c * c;
  }
  const meanSq = Math.max(0, p.sumSq - 2 * dot + s * norm) / s;
  // A spread below f32 rounding of the coordinates is no spread (all members identical).
  const floor = 1e-12 * Math.max(1, p.sumSq / s);
  return meanSq > floor ? Math.sqrt(diff / meanSq) : 0;
}

/** Local indicator f = α·T·(β f_s + (1−β) f_d) (Eq. 1). */
export function localIndicator(p: Partition, params: PolicyParams): number {
  const fs = sizeTerm(p.members.length, params.targetSize);
  const fd = driftTerm(p);
  return params.alpha * p.temperature * (params.beta * fs + (1 - params.beta) * fd);
}

export interface GlobalBaseline {
  sigma0: number;
  eps0: number;
  n0: number;
}

export const baselineOf = (s: IndexStats): GlobalBaseline => ({
  sigma0: s.sizeStd,
  eps0: s.reconstructionError,
  n0: s.live,
});

/**
 * Global indicator G = γ|σ−σ0|/σ0 + (1−γ)|ε−ε'|/ε' (Eq. 5–11), where ε' is the reconstruction
 * error a fresh build would be expected to reach at the current size. A zero baseline (σ0 = 0
 * right after a perfectly balanced build, or ε0 = 0) is replaced by 1 so the ratio stays finite.
 */
export function globalIndicator(s: IndexStats, b: GlobalBaseline, d: number, gamma: number): number {
  const expected = expectedError(b, s.live, d);
  const sigmaTerm = Math.abs(s.sizeStd - b.sigma0) / (b.sigma0 > 0 ? b.sigma0 : 1);
  const epsTerm = Math.abs(s.reconstructionError - expected) / (expected > 0 ? expected : 1);
  return gamma * sigmaTerm + (1 - gamma) * epsTerm;
}

/**
 * The error ε' a rebuild would reach with n live vectors: ε0·(n0/n)^(2/d). A rebuild keeps τ_s,
 * so K grows in proportion to n, and high-resolution quantisation theory (Zador 1982; Gersho
 * 1979) gives the mean *squared* error of K well-placed centroids in d dimensions as
 * D(K) ≈ C·K^(−2/d). ε is a mean squared distance, so its exponent is 2/d; the paper's printed
 * 1/d is the exponent of the RMS distance (√D), and applied to a squared error it would expect
 * too little improvement, firing rebuilds late. A k-means test on uniform data checks 2/d.
 */
export function expectedError(b: GlobalBaseline, live: number, d: number): number {
  return b.eps0 * Math.pow(b.n0 / Math.max(1, live), 2 / d);
}

/**
 * Alg. 3 over one query batch: probes [q, stride] (nearest first, -1 = none) and their centroid
 * distances. A probed partition's T grows by the factor 1 + η·d0/d_c (the nearest probe counts 1);
 * every other partition cools by (1 − ν) down to 1 (the paper prints min; T ≥ 1 needs max).
 */
export function updateTemperatures(
  index: IvfIndex,
  probes: Int32Array,
  probeDist: Float32Array,
  q: number,
  stride: number,
  nprobe: number,
  eta: number,
  nu: number,
): void {
  const K = index.size;
  const hit = new Uint8Array(K);
  for (let i = 0; i < q; i++) {
    hit.fill(0);
    const d0 = probeDist[i * stride]!;
    for (let j = 0; j < Math.min(nprobe, stride); j++) {
      const c = probes[i * stride + j]!;
      if (c < 0 || c >= K) continue;
      const dc = probeDist[i * stride + j]!;
      const w = dc > 0 ? Math.min(1, Math.max(0, d0) / dc) : 1;
      index.partitions[c]!.temperature *= 1 + eta * w;
      hit[c] = 1;
    }
    for (let c = 0; c < K; c++)
      if (!hit[c]) {
        const p = index.partitions[c]!;
        p.temperature = Math.max(1, p.temperature * (1 - nu));
      }
  }
}

/** Alg. 4: local re-clustering of the violators V and their r_c nearest partitions. */
export async function localRecluster(
  index: IvfIndex,
  violators: number[],
  ctx: MaintenanceContext,
): Promise<MaintenanceEvent> {
  const { engine, params } = ctx;
  const d = index.d;
  const seeds: Float32Array[] = [];
  const involved = new Set<number>();
  for (const p of violators) {
    const part = index.partitions[p]!;
    const s = part.members.length;
    involved.add(p);
    if (s > params.targetSize) {
      const r = await engine.kmeans(
        Int32Array.from(part.members),
        Math.min(s, Math.ceil(s / params.targetSize)),
        params.localIters,
        0,
      );
      seeds.push(r.centroids);
    } else if (s > 0) {
      seeds.push(part.centroid);
    }
  }
  const remaining = [...index.partitions.keys()].filter((p) => !involved.has(p));
  const seedRows = concatRows(seeds);
  const m = seedRows.length / d;
  if (m > 0 && remaining.length > 0 && params.neighbours > 0) {
    const r = Math.min(params.neighbours, remaining.length);
    const near = await engine.nearest(seedRows, index.centroidMatrix(remaining), r);
    for (const j of near) if (j >= 0) involved.add(remaining[j]!);
  }
  const pulled = [...involved].filter((p) => !violators.includes(p));
  const init = concatRows([seedRows, index.centroidMatrix(pulled)]);
  const ids = Int32Array.from(index.removePartitions(involved));
  if (ids.length === 0) return { kind: 'recluster', partitions: involved.size, vectors: 0 };
  const k = Math.min(init.length / d, ids.length);
  const r = await engine.kmeans(ids, init.subarray(0, k * d), params.localIters, params.balance);
  index.addClusters(r.centroids, ids, r.assign);
  return { kind: 'recluster', partitions: involved.size, vectors: ids.length };
}

function concatRows(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function adaIvfPolicy(): MaintenancePolicy {
  let baseline: GlobalBaseline | null = null;
  return {
    id: 'ada-ivf',
    label: 'Ada-IVF',
    usesReadTemperatures: true,
    start(index) {
      baseline = baselineOf(index.stats());
    },
    async afterBatch(index, change, ctx) {
      index.applyRunningMeans(change.insertedDelta, change.deletedDelta);
      const events: MaintenanceEvent[] = [];
      const violators = [...index.partitions.keys()].filter(
        (p) => localIndicator(index.partitions[p]!, ctx.params) > ctx.params.tauF,
      );
      if (violators.length) events.push(await localRecluster(index, violators, ctx));
      baseline ??= baselineOf(index.stats());
      if (globalIndicator(index.stats(), baseline, index.d, ctx.params.gamma) > ctx.params.tauG) {
        events.push(await rebuildIndex(index, ctx));
        baseline = baselineOf(index.stats());
      }
      return events;
    },
  };
}
