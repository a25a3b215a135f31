// Correctness checks of the GPU work of a run against independent CPU references, on a few
// queries of the last checkpoint: exact k-NN (the ground truth), the IVF search of one policy's
// final index (same centroids and lists), and every policy's GPU list layout against the CPU
// index it mirrors.
import type { VectorWorkload } from '../../data/vectorWorkload';
import { distanceReference } from '../../kernels/vector/distances.reference';
import { ivfSearchReference } from '../../kernels/vector/ivfSearch.reference';
import { knnReference } from '../../kernels/vector/knn.reference';
import { checkNeighbours } from '../../kernels/vector';
import type { Check } from '../types';
import type { StreamResult } from './runPolicies';

const TOL = { atol: 1e-4, rtol: 1e-5 };
const CHECK_QUERIES = 8;

export function runChecks(w: VectorWorkload, s: StreamResult): Check[] {
  const checks: Check[] = [];
  const lastBatch = Math.max(...s.truths.keys());
  const gt = s.truths.get(lastBatch);
  const queries = w.evaluations.get(lastBatch);
  if (!gt || !queries) return checks;
  const d = w.d;
  const m = Math.min(CHECK_QUERIES, gt.q);
  const k = gt.k;
  const sub = queries.subarray(0, m * d);
  const any = s.policies[0]!;
  const live = any.final.liveIds();
  const liveRows = new Float32Array(live.length * d);
  live.forEach((id, i) => liveRows.set(w.data.subarray(id * d, (id + 1) * d), i * d));
  const ref = knnReference(liveRows, sub, d, k);
  const want = { ids: Int32Array.from(ref.ids, (i) => (i >= 0 ? live[i]! : -1)), dist: ref.dist };
  const trueDist = (r: number, id: number) => distanceReference(sub, r, w.data, id, d, 'l2');
  checks.push(
    checkNeighbours(
      `exact k-NN (ground truth), ${m} queries × ${live.length} live vectors vs CPU`,
      { ids: gt.ids.subarray(0, m * k), dist: gt.dist.subarray(0, m * k) },
      want,
      k,
      trueDist,
      TOL,
    ),
  );

  const target = s.policies.find((p) => p.id === 'ada-ivf') ?? any;
  const ev = target.evaluations.find((e) => e.batch === lastBatch)?.ev;
  if (ev) {
    const index = target.final;
    const r = ivfSearchReference(w.data, sub, d, index.centroidMatrix(), index.keys(), ev.timedNprobe, k);
    checks.push(
      checkNeighbours(
        `IVF search of the ${target.label} index (nprobe ${ev.timedNprobe}, ${index.size} lists) vs CPU`,
        { ids: ev.result.ids.subarray(0, m * k), dist: ev.result.dist.subarray(0, m * k) },
        r,
        k,
        trueDist,
        TOL,
      ),
    );
  }
  for (const p of s.policies) {
    const cpu = p.final.partitions.map((q) => q.members.length);
    let worst = cpu.length === p.gpuListSizes.length ? 0 : Infinity;
    if (Number.isFinite(worst))
      cpu.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - p.gpuListSizes[i]!));
      });
    checks.push({
      name: `${p.label}: GPU list layout sizes = CPU partition sizes`,
      maxAbsError: worst,
      maxRelError: worst,
      tolerance: 0,
      passed: worst === 0,
      detail: `${cpu.length} partitions on the CPU, ${p.gpuListSizes.length} lists on the GPU`,
    });
  }
  return checks;
}
