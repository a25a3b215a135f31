// IVF search on the GPU over a resident index: the coarse step picks each query's nprobe nearest
// centroids (tiled distances queries × centroids + per-row top-k), the scan step walks those lists
// in the CSR layout built by ivfSegments and keeps a per-query top-k (ivfSearch.scan.wgsl). A whole
// query batch is two to three dispatches and one readback of ids/dists; the probed list ids can be
// read back once per batch too (Ada-IVF's read temperatures need them). nprobe ≤ 128 (the top-k
// limit) unless nprobe ≥ nlist, which probes every list.
import scanShader from '../../shaders/vector/ivfSearch.scan.wgsl?raw';
import { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { distancePipeline, planDistanceBlock, rowsPerBlock, type DistanceBlockPlan } from './distances';
import { METRIC_CONSTANT, finishPadding, type Metric } from './conventions';
import { destroyAll } from '../../gpu/resources';
import { deviceGrid } from '../../gpu/dispatch';
import { uniformWords } from '../../gpu/uniforms';
import { TOPK_MAX_K, assertTopK, planTopkRows, topkRowsPipeline, type TopkRowsPlan, type TopkResult } from './topk';
import type { OwnsGpuBuffers } from '../../gpu/plan';
import { topkSelectPrelude } from '../common/topkSelect';

/** Largest vector dimension the scan kernel keeps in workgroup memory. */
export const IVF_MAX_DIM = 1024;

/** GPU buffers of an IVF index: vectors stay put, lists are order/offsets (CSR). */
export interface IvfIndexBuffers {
  x: GPUBuffer;
  d: number;
  centroids: GPUBuffer;
  nlist: number;
  order: GPUBuffer;
  offsets: GPUBuffer;
  metric: Metric;
}

export interface IvfSearchPlan extends OwnsGpuBuffers {
  /** [q, probeStride] i32 probed lists, nearest first, and their coarse distances. */
  probes: GPUBuffer;
  probeDist: GPUBuffer;
  probeStride: number;
  ids: GPUBuffer;
  dists: GPUBuffer;
  /** Coarse step: fills `probes` for up to maxProbe lists per query. */
  encodeCoarse(pass: GPUComputePassEncoder): void;
  /** Scan step with the first `nprobe` probes of each query (nprobe ≤ probeStride). */
  encodeScan(pass: GPUComputePassEncoder, nprobe: number): void;
}

export function assertSearchShape(what: string, d: number, k: number, nprobe: number, nlist: number): void {
  if (d > IVF_MAX_DIM)
    throw new UserInputError(`${what}: d=${d} exceeds the scan kernel's limit of ${IVF_MAX_DIM} dimensions`);
  assertTopK(what, k);
  if (!Number.isInteger(nprobe) || nprobe < 1)
    throw new UserInputError(`${what}: nprobe=${nprobe} must be a positive integer`);
  if (nprobe > TOPK_MAX_K && nprobe < nlist) {
    throw new UserInputError(
      `${what}: nprobe=${nprobe} exceeds ${TOPK_MAX_K} (the top-k limit) while nlist=${nlist}; use nprobe ≤ ${TOPK_MAX_K} or nprobe ≥ nlist`,
    );
  }
}

/** Plans a search of `q` queries (resident [q, d]) returning k neighbours, up to maxProbe lists. */
export async function planIvfSearch(
  gpu: Gpu,
  index: IvfIndexBuffers,
  queries: GPUBuffer,
  q: number,
  k: number,
  maxProbe: number,
): Promise<IvfSearchPlan> {
  const { d, nlist, metric } = index;
  assertSearchShape('IVF search', d, k, maxProbe, nlist);
  const probeStride = Math.min(maxProbe, nlist);
  const probeAll = probeStride > TOPK_MAX_K; // only when maxProbe ≥ nlist > 128: every list
  const distP = await distancePipeline(gpu, metric);
  const topkP = await topkRowsPipeline(gpu);
  const scanP = await gpu.pipeline({
    name: 'vector/ivfSearch.scan',
    code: scanShader,
    prelude: [topkSelectPrelude],
    constants: { METRIC: METRIC_CONSTANT[metric] },
  });
  const probes = probeAll
    ? gpu.upload(
        Int32Array.from({ length: q * nlist }, (_, i) => i % nlist),
        'ivf.probes',
      )
    : gpu.createBuffer(q * probeStride * 4, 'ivf.probes');
  const probeDist = gpu.createBuffer(q * probeStride * 4, 'ivf.probeDist');
  const ids = gpu.createBuffer(q * k * 4, 'ivf.ids');
  const dists = gpu.createBuffer(q * k * 4, 'ivf.dists');
  const chunk = Math.min(q, rowsPerBlock(gpu, nlist, `coarse search of ${q} queries over ${nlist} lists`));
  const block = gpu.createBuffer(chunk * nlist * 4, 'ivf.coarse');
  const coarse: { dist: DistanceBlockPlan; topk: TopkRowsPlan }[] = [];
  if (!probeAll) {
    for (let r0 = 0; r0 < q; r0 += chunk) {
      const rows = Math.min(chunk, q - r0);
      coarse.push({
        dist: planDistanceBlock(
          gpu,
          distP,
          { a: queries, b: index.centroids, out: block },
          { M: rows, N: nlist, d, aRow0: r0 },
        ),
        topk: planTopkRows(
          gpu,
          topkP,
          { dist: block, ids: probes, dists: probeDist },
          { rows, n: nlist, k: probeStride, rowOffset: r0 },
        ),
      });
    }
  }
  const wg = deviceGrid(gpu, q, `IVF scan of ${q} queries`);
  const scans = new Map<number, { group: GPUBindGroup; uniform: GPUBuffer }>();
  const scanFor = (nprobe: number) => {
    let s = scans.get(nprobe);
    if (!s) {
      const uniform = uniformWords(gpu, [q, d, k, Math.min(nprobe, probeStride), probeStride, 0, 0, 0], 'ivf.scan');
      const group = gpu.bindGroup(
        scanP,
        [index.x, index.order, index.offsets, probes, queries, ids, dists, uniform],
        'ivf.scan',
      );
      s = { group, uniform };
      scans.set(nprobe, s);
    }
    return s;
  };
  return {
    probes,
    probeDist,
    probeStride,
    ids,
    dists,
    encodeCoarse(pass) {
      for (const c of coarse) {
        c.dist.encode(pass);
        c.topk.encode(pass);
      }
    },
    encodeScan(pass, nprobe) {
      Gpu.encodeDispatch(pass, scanP, scanFor(nprobe).group, wg);
    },
    destroy() {
      for (const c of coarse) {
        c.dist.destroy();
        c.topk.destroy();
      }
      for (const s of scans.values()) s.uniform.destroy();
      destroyAll([probes, probeDist, ids, dists, block]);
    },
  };
}

/** Reads a plan's results after a scan: ids (rows of x, -1 padding) and dists (+Infinity padding). */
export async function readSearchResult(gpu: Gpu, plan: IvfSearchPlan, q: number, k: number): Promise<TopkResult> {
  const out = { ids: await gpu.readI32(plan.ids, q * k), dist: await gpu.readF32(plan.dists, q * k) };
  finishPadding(out.ids, out.dist);
  return out;
}
