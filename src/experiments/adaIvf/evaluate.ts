// Search quality and speed of one policy's index at a checkpoint: exact ground truth (GPU brute
// force over the live vectors), recall@k for a given nprobe, the smallest nprobe reaching the
// recall target (binary search: recall cannot fall as nprobe grows, because the probed lists are
// nested), and the timed search at that nprobe (timestamp queries when the device has them).
//
// Recall counts a returned neighbour as a hit when its distance is within the k-th true distance
// (+1e-5 relative), so exact ties among duplicates cannot count as misses.
import type { Gpu } from '../../gpu/gpu';
import { gatherRows } from '../../kernels/common';
import { destroyAll } from '../../gpu/resources';
import { planKnn, readTopk, type KnnPlan } from '../../kernels/vector';
import { TOPK_MAX_K, type TopkResult } from '../../kernels/vector';
import type { IvfIndex } from './ivfIndex';
import type { GpuIvfMirror } from './gpuMirror';

export interface GroundTruth {
  /** [q, k] dataset ids and distances. */
  ids: Int32Array;
  dist: Float32Array;
  q: number;
  k: number;
}

export async function groundTruth(
  gpu: Gpu,
  x: GPUBuffer,
  rows: number,
  d: number,
  live: Int32Array,
  queries: Float32Array,
  k: number,
): Promise<GroundTruth> {
  const q = queries.length / d;
  const kk = Math.min(k, TOPK_MAX_K);
  const buffers: GPUBuffer[] = []; // released on every path, including a throw while planning
  let plan: KnnPlan | undefined;
  try {
    const base = await gatherRows(gpu, x, rows, d, live);
    buffers.push(base);
    const qBuf = gpu.upload(queries, 'gt.queries');
    buffers.push(qBuf);
    plan = await planKnn(gpu, { base, queries: qBuf }, { n: live.length, q, d, k: kk });
    await gpu.run(plan.encode);
    const r = await readTopk(gpu, plan.ids, plan.dists, q * kk);
    const ids = Int32Array.from(r.ids, (i) => (i >= 0 ? live[i]! : -1));
    return { ids, dist: r.dist, q, k: kk };
  } finally {
    plan?.destroy();
    destroyAll(buffers);
  }
}

export function recallOf(result: TopkResult, gt: GroundTruth): number {
  const { q, k } = gt;
  let hits = 0,
    total = 0;
  for (let i = 0; i < q; i++) {
    let kth = -Infinity,
      want = 0;
    for (let j = 0; j < k; j++) {
      const v = gt.dist[i * k + j]!;
      if (Number.isFinite(v)) {
        kth = v;
        want++;
      }
    }
    const bound = kth + 1e-5 * Math.max(1, Math.abs(kth));
    let got = 0;
    for (let j = 0; j < k; j++) if (result.ids[i * k + j]! >= 0 && result.dist[i * k + j]! <= bound) got++;
    hits += Math.min(got, want);
    total += want;
  }
  return total ? hits / total : 1;
}

export interface Evaluation {
  /** Smallest nprobe reaching the target, or null if even every probed list falls short. */
  nprobe: number | null;
  /** nprobe actually timed (nprobe, or the largest tried when the target was not reached). */
  timedNprobe: number;
  recall: number;
  qps: number;
  searchMs: number;
  timingMethod: string;
  /** Mean vectors scanned per query at timedNprobe (from the probed lists' sizes). */
  scanned: number;
  nlist: number;
  curve: { nprobe: number; recall: number }[];
  /** The search result at timedNprobe (for correctness checks). */
  result: TopkResult;
}

const CURVE = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128];

export async function evaluateIndex(
  gpu: Gpu,
  mirror: GpuIvfMirror,
  index: IvfIndex,
  queries: Float32Array,
  gt: GroundTruth,
  opts: { target: number; curve: boolean; reps: number; signal?: AbortSignal },
): Promise<Evaluation> {
  const maxProbe = Math.min(index.size, TOPK_MAX_K);
  const batch = await mirror.prepare(queries, gt.k, maxProbe);
  try {
    await mirror.runCoarse(batch);
    const cache = new Map<number, { recall: number; result: TopkResult }>();
    const at = async (np: number) => {
      let v = cache.get(np);
      if (!v) {
        const result = await mirror.scan(batch, np);
        v = { recall: recallOf(result, gt), result };
        cache.set(np, v);
      }
      return v;
    };
    let nprobe: number | null = null;
    if ((await at(maxProbe)).recall >= opts.target) {
      let lo = 1,
        hi = maxProbe;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((await at(mid)).recall >= opts.target) hi = mid;
        else lo = mid + 1;
      }
      nprobe = lo;
    }
    const curve: { nprobe: number; recall: number }[] = [];
    if (opts.curve)
      for (const np of new Set([...CURVE.filter((v) => v < maxProbe), maxProbe]))
        curve.push({ nprobe: np, recall: (await at(np)).recall });
    const timedNprobe = nprobe ?? maxProbe;
    const t = await gpu.time(
      (pass) => {
        batch.plan.encodeCoarse(pass);
        batch.plan.encodeScan(pass, timedNprobe);
      },
      { warmup: 1, reps: opts.reps, signal: opts.signal },
    );
    const { probes, stride } = await mirror.probes(batch);
    const sizes = index.partitions.map((p) => p.members.length);
    let scanned = 0;
    for (let i = 0; i < batch.q; i++)
      for (let j = 0; j < Math.min(timedNprobe, stride); j++) {
        const c = probes[i * stride + j]!;
        if (c >= 0) scanned += sizes[c]!;
      }
    const final = await at(timedNprobe);
    return {
      nprobe,
      timedNprobe,
      recall: final.recall,
      qps: batch.q / (t.medianMs / 1000),
      searchMs: t.medianMs,
      timingMethod: t.method,
      scanned: scanned / batch.q,
      nlist: index.size,
      curve,
      result: final.result,
    };
  } finally {
    batch.destroy();
  }
}
