// The stream replayed on the CPU, deterministically, for the live view and the reproduction
// record: the same workload, the same six policies and the same counting engine as the GPU run,
// but with the CPU ClusterEngine and an exact CPU search. What it returns is computed (exact
// counts of distance evaluations and of vectors scanned at the nprobe that reaches the recall
// target), not timed. Per policy the result depends only on the workload and that policy's own
// parameters, so callers can memoise each policy separately (see replayCache.ts).
import type { Rng } from '../../data/pcg32';
import type { VectorWorkload } from '../../data/vectorWorkload';
import { updateTemperatures } from './ivfAda';
import { CpuClusterEngine } from './ivfCpuEngine';
import { CountingEngine } from './ivfEngine';
import type { IvfIndex } from './ivfIndex';
import { rebuildEvaluations, type EventKind, type MaintenancePolicy, type PolicyParams } from './ivfPolicy';
import { buildInitialIndex, runBatch } from './ivfStream';

export interface SearchOptions {
  k: number;
  /** nprobe of the stream's reads (they heat Ada-IVF's partitions). */
  nprobe: number;
  targetRecall: number;
}

export interface CheckpointSearch {
  batch: number;
  nlist: number;
  /** Smallest nprobe reaching the target (null: not reached even probing every list). */
  nprobe: number | null;
  recall: number;
  /** Mean vectors scanned per query at that nprobe. */
  scanned: number;
}

export interface ReplayedPolicy {
  id: string;
  updates: number;
  /** Distance evaluations of the update path (routing + maintenance), k-means++ seeding included. */
  distanceEvaluations: number;
  events: Record<EventKind, number>;
  /** Of distanceEvaluations, those spent in full rebuilds (a policy's own or Ada-IVF's global ones). */
  rebuildEvaluations: number;
  finalPartitions: number;
  checkpoints: CheckpointSearch[];
}

const noEvents = (): Record<EventKind, number> => ({
  rebuild: 0,
  split: 0,
  merge: 0,
  recluster: 0,
  means: 0,
  'dedrift-split': 0,
});

/** Squared distances of `q` rows [m, d] to the vectors `ids` of `data` → [m, ids.length]. */
function distancesTo(q: Float32Array, data: Float32Array, ids: ArrayLike<number>, d: number): Float64Array {
  const m = q.length / d;
  const n = ids.length;
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      const base = ids[j]! * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const u = q[i * d + t]! - data[base + t]!;
        s += u * u;
      }
      out[i * n + j] = s;
    }
  return out;
}

/** Probed lists (nearest first) and their squared centroid distances for each query. */
export function probeLists(
  index: IvfIndex,
  queries: Float32Array,
  nprobe: number,
): { probes: Int32Array; dist: Float32Array; stride: number } {
  const d = index.d;
  const q = queries.length / d;
  const K = index.size;
  const stride = Math.max(1, Math.min(nprobe, K));
  const probes = new Int32Array(q * stride).fill(-1);
  const dist = new Float32Array(q * stride).fill(Infinity);
  const cent = index.centroidMatrix();
  const row = new Float64Array(K);
  const order = Array.from({ length: K }, (_, c) => c);
  for (let i = 0; i < q; i++) {
    for (let c = 0; c < K; c++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const u = queries[i * d + t]! - cent[c * d + t]!;
        s += u * u;
      }
      row[c] = s;
    }
    order.sort((a, b) => row[a]! - row[b]! || a - b);
    for (let j = 0; j < stride && j < K; j++) {
      probes[i * stride + j] = order[j]!;
      dist[i * stride + j] = row[order[j]!]!;
    }
  }
  return { probes, dist, stride };
}

/**
 * Exact CPU IVF search quality: for each query, lists are probed nearest-centroid first and a
 * probed vector counts as found when its distance is within the k-th true distance (the recall
 * rule of the GPU evaluation); returns the smallest nprobe whose mean recall reaches the target.
 */
export function searchAtTarget(index: IvfIndex, queries: Float32Array, k: number, target: number): CheckpointSearch {
  const d = index.d;
  const q = queries.length / d;
  const K = index.size;
  const live = index.liveIds();
  const all = distancesTo(queries, index.data, live, d);
  const { probes } = probeLists(index, queries, K);
  // hits[i][p] = true neighbours found after probing p + 1 lists; scanned likewise.
  const hits = new Float64Array(K);
  const scanned = new Float64Array(K);
  let want = 0;
  const kth = new Float64Array(live.length);
  for (let i = 0; i < q; i++) {
    const row = all.subarray(i * live.length, (i + 1) * live.length);
    kth.set(row);
    kth.sort();
    const kk = Math.min(k, live.length);
    const v = kk > 0 ? kth[kk - 1]! : -Infinity;
    const bound = v + 1e-5 * Math.max(1, Math.abs(v));
    want += kk;
    let found = 0;
    let seen = 0;
    for (let p = 0; p < K; p++) {
      const list = index.partitions[probes[i * K + p]!]!.members;
      for (const id of list) {
        seen++;
        if (distanceOf(index, queries, i, id) <= bound) found++;
      }
      hits[p]! += Math.min(found, kk);
      scanned[p]! += seen;
    }
  }
  let nprobe: number | null = null;
  for (let p = 0; p < K; p++)
    if (want === 0 || hits[p]! / want >= target) {
      nprobe = p + 1;
      break;
    }
  const at = (nprobe ?? K) - 1;
  return {
    batch: 0,
    nlist: K,
    nprobe,
    recall: want ? hits[at]! / want : 1,
    scanned: q ? scanned[at]! / q : 0,
  };
}

function distanceOf(index: IvfIndex, queries: Float32Array, i: number, id: number): number {
  const d = index.d;
  let s = 0;
  for (let t = 0; t < d; t++) {
    const u = queries[i * d + t]! - index.data[id * d + t]!;
    s += u * u;
  }
  return s;
}

/** The initial index every policy starts from (one seeded k-means build), shared by all replays. */
export async function initialIndexOf(w: VectorWorkload, params: PolicyParams, rng: Rng): Promise<IvfIndex> {
  const engine = new CpuClusterEngine(w.data, w.d, rng.fork(10));
  return buildInitialIndex(w.data, w.d, w.initial, engine, params);
}

/** Replays the whole stream for one policy from a copy of `initial`. */
export async function replayPolicy(
  w: VectorWorkload,
  initial: IvfIndex,
  policy: MaintenancePolicy,
  params: PolicyParams,
  search: SearchOptions,
  rng: Rng,
  /** Called after every batch (progress, cancellation). */
  onBatch?: (t: number) => void,
): Promise<ReplayedPolicy> {
  const engine = new CountingEngine(new CpuClusterEngine(w.data, w.d, rng), w.d);
  const index = initial.clone();
  policy.start?.(index);
  const out: ReplayedPolicy = {
    id: policy.id,
    updates: 0,
    distanceEvaluations: 0,
    events: noEvents(),
    rebuildEvaluations: 0,
    finalPartitions: 0,
    checkpoints: [],
  };
  const evaluate = (batch: number) => {
    const queries = w.evaluations.get(batch);
    if (queries) out.checkpoints.push({ ...searchAtTarget(index, queries, search.k, search.targetRecall), batch });
  };
  evaluate(0);
  for (const [t, batch] of w.batches.entries()) {
    const events = await runBatch(index, batch, policy, { engine, params });
    out.updates += batch.insertEnd - batch.insertStart + batch.deletes.length;
    for (const e of events) {
      out.events[e.kind]++;
      if (e.kind === 'rebuild') out.rebuildEvaluations += rebuildEvaluations(e.vectors, params);
    }
    if (policy.usesReadTemperatures && batch.queries.length > 0 && index.size > 0) {
      const pr = probeLists(index, batch.queries, search.nprobe);
      const q = batch.queries.length / w.d;
      updateTemperatures(index, pr.probes, pr.dist, q, pr.stride, search.nprobe, params.eta, params.nu);
    }
    evaluate(t + 1);
    onBatch?.(t + 1);
  }
  out.distanceEvaluations = engine.distanceEvaluations;
  out.finalPartitions = index.size;
  return out;
}
