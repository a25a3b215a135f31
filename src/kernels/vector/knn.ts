// Exact (brute-force) k-nearest neighbours on the GPU: tiled distances queries × base in query
// chunks that fit the binding limit, each followed by a per-row top-k. The ground truth for
// recall. Ids are row indices into base; ties go to the lower id; rows with fewer than k base
// vectors are padded with id -1 and +Infinity.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { assertDims, distancePipeline, planDistanceBlock, rowsPerBlock, type DistanceBlockPlan } from './distances';
import { finishPadding, type Metric } from './conventions';
import { destroyAll } from '../../gpu/resources';
import { assertTopK, planTopkRows, topkRowsPipeline, type TopkResult, type TopkRowsPlan } from './topk';
import type { KernelPlan } from '../../gpu/plan';

export interface KnnPlan extends KernelPlan {
  ids: GPUBuffer;
  dists: GPUBuffer;
}

/** Plans exact k-NN of resident queries [q, d] against resident base [n, d]. */
export async function planKnn(
  gpu: Gpu,
  bufs: { base: GPUBuffer; queries: GPUBuffer },
  shape: { n: number; q: number; d: number; k: number },
  metric: Metric = 'l2',
): Promise<KnnPlan> {
  const { n, q, d, k } = shape;
  assertDims('k-NN', { n, q, d });
  assertTopK('k-NN', k);
  const distP = await distancePipeline(gpu, metric);
  const topkP = await topkRowsPipeline(gpu);
  const chunk = Math.min(q, rowsPerBlock(gpu, n, `k-NN over ${n} base vectors`));
  const buffers: GPUBuffer[] = [];
  const parts: { dist?: DistanceBlockPlan; topk?: TopkRowsPlan }[] = [];
  const destroy = () => {
    for (const p of parts) {
      p.dist?.destroy();
      p.topk?.destroy();
    }
    destroyAll(buffers);
  };
  try {
    const block = gpu.createBuffer(chunk * n * 4, 'knn.distances');
    buffers.push(block);
    const ids = gpu.createBuffer(q * k * 4, 'knn.ids');
    buffers.push(ids);
    const dists = gpu.createBuffer(q * k * 4, 'knn.dists');
    buffers.push(dists);
    const planned: { dist: DistanceBlockPlan; topk: TopkRowsPlan }[] = [];
    for (let r0 = 0; r0 < q; r0 += chunk) {
      const rows = Math.min(chunk, q - r0);
      const part: { dist?: DistanceBlockPlan; topk?: TopkRowsPlan } = {};
      parts.push(part); // tracked before planning, so a throw in planTopkRows frees part.dist
      part.dist = planDistanceBlock(
        gpu,
        distP,
        { a: bufs.queries, b: bufs.base, out: block },
        { M: rows, N: n, d, aRow0: r0 },
      );
      part.topk = planTopkRows(gpu, topkP, { dist: block, ids, dists }, { rows, n, k, rowOffset: r0 });
      planned.push({ dist: part.dist, topk: part.topk });
    }
    return {
      ids,
      dists,
      encode(pass) {
        for (const p of planned) {
          p.dist.encode(pass);
          p.topk.encode(pass);
        }
      },
      destroy,
    };
  } catch (e) {
    destroy(); // a failed plan frees what it had made, then reports the original error
    throw e;
  }
}

export async function readTopk(gpu: Gpu, ids: GPUBuffer, dists: GPUBuffer, count: number): Promise<TopkResult> {
  const out = { ids: await gpu.readI32(ids, count), dist: await gpu.readF32(dists, count) };
  finishPadding(out.ids, out.dist);
  return out;
}

/** Host convenience: exact k-NN of queries [q, d] in base [n, d]. */
export async function knn(
  gpu: Gpu,
  base: Float32Array,
  queries: Float32Array,
  d: number,
  k: number,
  metric: Metric = 'l2',
): Promise<TopkResult> {
  assertDims('k-NN', { d });
  const n = base.length / d;
  const q = queries.length / d;
  if (!Number.isInteger(n) || !Number.isInteger(q)) {
    throw new UserInputError(
      `k-NN: base (${base.length} values) and queries (${queries.length}) must be whole rows of d=${d}`,
    );
  }
  const buffers: GPUBuffer[] = [];
  let plan: KnnPlan | undefined;
  try {
    const baseBuf = gpu.upload(base, 'knn.base');
    buffers.push(baseBuf);
    const queryBuf = gpu.upload(queries, 'knn.queries');
    buffers.push(queryBuf);
    plan = await planKnn(gpu, { base: baseBuf, queries: queryBuf }, { n, q, d, k }, metric);
    await gpu.run(plan.encode);
    return await readTopk(gpu, plan.ids, plan.dists, q * k);
  } finally {
    plan?.destroy();
    destroyAll(buffers);
  }
}
