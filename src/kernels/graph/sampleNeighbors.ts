// One-hop neighbour sampling on the GPU (src/shaders/graph/sampleNeighbors.wgsl): for each seed, up to
// `fanout` distinct CSR entries without replacement, identical to the CPU reference.
import shader from '../../shaders/graph/sampleNeighbors.wgsl?raw';
import { pcgPrelude } from '../common';
import type { Gpu } from '../../gpu/gpu';
import type { Csr } from '../../data/graphs/csr';
import { UserInputError } from '../../core';
import { uploadCsr, type CsrBuffers } from './csrBuffers';
import { BufferSet } from '../../gpu/resources';
import { flatDispatch } from '../../gpu/dispatch';
import { CommandBatch } from '../../gpu/commandBatch';
import { u32s } from '../../gpu/uniforms';
import { MAX_FANOUT } from './sampleNeighbors.reference';
import type { OwnsGpuBuffers } from '../../gpu/plan';

export function samplePipeline(gpu: Gpu): Promise<GPUComputePipeline> {
  return gpu.pipeline({ name: 'graph/sampleNeighbors', code: shader, prelude: [pcgPrelude] });
}

export function validateFanout(fanout: number, what = 'fanout'): void {
  if (!Number.isInteger(fanout) || fanout < 1 || fanout > MAX_FANOUT) {
    throw new UserInputError(
      `${what} ${fanout} must be an integer in [1, ${MAX_FANOUT}] (the sampler keeps its picks in a ${MAX_FANOUT}-entry private array)`,
    );
  }
}

export function validateSeeds(g: Csr, seeds: Int32Array, what = 'seeds'): void {
  for (let s = 0; s < seeds.length; s++) {
    const v = seeds[s]!;
    if (v < 0 || v >= g.numNodes)
      throw new UserInputError(
        `${what}[${s}] = ${v} is beyond the node count ${g.numNodes} (ids must be in [0, ${g.numNodes - 1}])`,
      );
  }
}

export interface SampledNeighbors {
  /** [seeds, fanout], −1 where a seed has fewer than fanout neighbours. */
  neighbors: Int32Array;
  counts: Int32Array;
}

/**
 * A reusable sampling plan: the graph is uploaded and the pipeline compiled once, so repeated calls
 * (e.g. cache refreshes) pay only for their seeds and results, not for re-uploading the CSR.
 */
export class NeighborSampler implements OwnsGpuBuffers {
  private constructor(
    private readonly gpu: Gpu,
    readonly graph: Csr,
    private readonly pipeline: GPUComputePipeline,
    private readonly csr: CsrBuffers,
  ) {}

  static async create(gpu: Gpu, g: Csr): Promise<NeighborSampler> {
    const pipeline = await samplePipeline(gpu);
    return new NeighborSampler(gpu, g, pipeline, uploadCsr(gpu, g, 'sample.graph'));
  }

  /** The uploaded graph, for other kernels that sample the same CSR (not owned by them). */
  get buffers(): CsrBuffers {
    return this.csr;
  }

  async sample(seeds: Int32Array, fanout: number, seed: number): Promise<SampledNeighbors> {
    const { gpu, pipeline, csr } = this;
    validateFanout(fanout);
    validateSeeds(this.graph, seeds);
    const S = seeds.length;
    if (S === 0) return { neighbors: new Int32Array(0), counts: new Int32Array(0) };
    const owned = new BufferSet();
    try {
      const ids = owned.add(gpu.upload(seeds, 'sample.seeds'));
      const hops = owned.add(gpu.upload(Uint32Array.of(0, S), 'sample.hopOffsets'));
      const slots = owned.add(gpu.upload(new Int32Array(S * fanout).fill(-1), 'sample.slots'));
      const counts = owned.add(gpu.createBuffer(S * 4, 'sample.counts'));
      const params = owned.add(gpu.uniform(u32s(fanout, seed, 0, fanout), 'sample.params'));
      const group = gpu.bindGroup(pipeline, [csr.indptr, csr.indices, ids, hops, slots, counts, params], 'sample');
      const wg = flatDispatch(S);
      gpu.checkWorkgroups(wg, `sampling ${S} seeds`);
      await new CommandBatch(gpu).dispatch(pipeline, group, wg).submit();
      return { neighbors: await gpu.readI32(slots, S * fanout), counts: await gpu.readI32(counts, S) };
    } finally {
      owned.destroy();
    }
  }

  destroy(): void {
    this.csr.destroy();
  }
}

/** One-off sampling (uploads the graph for this call); use NeighborSampler for repeated calls. */
export async function sampleNeighbors(
  gpu: Gpu,
  g: Csr,
  seeds: Int32Array,
  fanout: number,
  seed: number,
): Promise<SampledNeighbors> {
  validateFanout(fanout);
  validateSeeds(g, seeds);
  if (seeds.length === 0) return { neighbors: new Int32Array(0), counts: new Int32Array(0) };
  const sampler = await NeighborSampler.create(gpu, g);
  try {
    return await sampler.sample(seeds, fanout, seed);
  } finally {
    sampler.destroy();
  }
}
