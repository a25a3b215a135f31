// DENSE multi-hop sampling on the GPU: per hop, sample the delta (sample.wgsl), mark unseen
// neighbours in a bitmap (sampleDense.mark.wgsl), scan the bitmap's popcounts (sampleDense.scan.wgsl) and append the
// new nodes in id order (sampleDense.compact.wgsl); finally scan the per-row counts into the block CSR's
// indptr and write its batch-local indices (sampleDense.block.wgsl). Every hop of a batch is one submit
// with no readback in between: dispatches are sized for the worst case and each invocation reads
// the real frontier size from hopOffsets on the GPU. Same output as denseSampleReference.
import initShader from '../../shaders/graph/sampleDense.init.wgsl?raw';
import markShader from '../../shaders/graph/sampleDense.mark.wgsl?raw';
import scanShader from '../../shaders/graph/sampleDense.scan.wgsl?raw';
import compactShader from '../../shaders/graph/sampleDense.compact.wgsl?raw';
import blockShader from '../../shaders/graph/sampleDense.block.wgsl?raw';
import type { Gpu } from '../../gpu/gpu';
import type { Csr } from '../../data/graphs/csr';
import { UserInputError } from '../../core';
import { uploadCsr, type CsrBuffers } from './csrBuffers';
import { BufferSet } from '../../gpu/resources';
import { flatDispatch } from '../../gpu/dispatch';
import { CommandBatch } from '../../gpu/commandBatch';
import { u32s } from '../../gpu/uniforms';
import { samplePipeline, validateFanout, validateSeeds } from './sampleNeighbors';
import { denseBounds, type DenseBlock } from './sampleDense.reference';
import type { OwnsGpuBuffers } from '../../gpu/plan';

type Step = { pipeline: GPUComputePipeline; group: GPUBindGroup; wg: [number, number] };

export class DenseSampler implements OwnsGpuBuffers {
  /** Batch buffers, resident for training: node ids, block CSR. */
  readonly nodeIds: GPUBuffer;
  readonly blockIndptr: GPUBuffer;
  readonly blockIndices: GPUBuffer;
  readonly maxNodes: number;
  private readonly hopOffsets: GPUBuffer;
  private readonly seen: GPUBuffer;
  private readonly fresh: GPUBuffer;
  private readonly counts: GPUBuffer;
  private readonly sampleParams: GPUBuffer[] = [];
  private readonly initParams: GPUBuffer;
  private steps: { init: Step; hops: Step[]; tail: Step[] } | null = null;
  private readonly owned = new BufferSet();
  private readonly stride: number;

  private constructor(
    private readonly gpu: Gpu,
    private readonly graphs: CsrBuffers[],
    readonly fanouts: number[],
    readonly maxSeeds: number,
  ) {
    const graph = graphs[0]!;
    const b = denseBounds(graph.numNodes, maxSeeds, fanouts);
    this.maxNodes = b.maxNodes;
    this.stride = Math.max(...fanouts);
    const words = Math.ceil(graph.numNodes / 32);
    const o = this.owned;
    try {
      this.nodeIds = o.add(gpu.createBuffer(b.maxNodes * 4, 'dense.nodeIds'));
      this.blockIndptr = o.add(gpu.createBuffer((b.maxNodes + 1) * 4, 'dense.blockIndptr'));
      this.blockIndices = o.add(gpu.createBuffer(b.maxSampledRows * this.stride * 4, 'dense.blockIndices'));
      this.hopOffsets = o.add(gpu.createBuffer((fanouts.length + 2) * 4, 'dense.hopOffsets'));
      this.seen = o.add(gpu.createBuffer(words * 4, 'dense.seen'));
      this.fresh = o.add(gpu.createBuffer(words * 4, 'dense.fresh'));
      this.counts = o.add(gpu.createBuffer(b.maxNodes * 4, 'dense.counts'));
      this.initParams = o.add(gpu.uniform(u32s(0, 0, 0, 0), 'dense.init'));
    } catch (e) {
      o.destroy(); // a later allocation failed (e.g. a buffer over the device limit): free the earlier ones
      throw e;
    }
  }

  /**
   * `graph`: sampled at every hop, or one per hop (same node ids; e.g. per-layer caches).
   * `resident`: graphs already on the GPU (e.g. the full graph, shared across cache refreshes); they
   * are used as they are and stay owned by the caller, so rebuilding a sampler does not re-upload them.
   */
  static async create(
    gpu: Gpu,
    graph: Csr | Csr[],
    fanouts: number[],
    maxSeeds: number,
    resident?: ReadonlyMap<Csr, CsrBuffers>,
  ): Promise<DenseSampler> {
    if (fanouts.length < 1) throw new UserInputError('DENSE sampling needs at least one hop (one fanout)');
    fanouts.forEach((f, h) => validateFanout(f, `fanout of hop ${h + 1}`));
    const hosts = Array.isArray(graph) ? graph : fanouts.map(() => graph);
    if (hosts.length !== fanouts.length)
      throw new UserInputError(`${hosts.length} per-hop graphs for ${fanouts.length} hops`);
    if (hosts.some((h) => h.numNodes !== hosts[0]!.numNodes))
      throw new UserInputError('per-hop graphs must share the node count');
    const uploaded = new Map<Csr, CsrBuffers>();
    // Every allocation is released if a later upload, allocation or pipeline build throws.
    try {
      for (const h of hosts)
        if (!uploaded.has(h) && !resident?.has(h)) uploaded.set(h, uploadCsr(gpu, h, 'dense.graph'));
    } catch (e) {
      for (const b of uploaded.values()) b.destroy();
      throw e;
    }
    let s: DenseSampler;
    try {
      s = new DenseSampler(
        gpu,
        hosts.map((h) => resident?.get(h) ?? uploaded.get(h)!),
        fanouts,
        maxSeeds,
      );
    } catch (e) {
      for (const b of uploaded.values()) b.destroy();
      throw e;
    }
    for (const b of uploaded.values()) {
      s.owned.add(b.indptr);
      s.owned.add(b.indices);
    }
    try {
      await s.build();
    } catch (e) {
      s.destroy();
      throw e;
    }
    return s;
  }

  private async build(): Promise<void> {
    const { gpu, owned, stride } = this;
    const n = this.graphs[0]!.numNodes;
    const words = Math.ceil(n / 32);
    const { maxNodes, maxSampledRows } = denseBounds(n, this.maxSeeds, this.fanouts);
    const [sample, initPipe, mark, scanBits, scanCounts, compact, block] = await Promise.all([
      samplePipeline(gpu),
      gpu.pipeline({ name: 'graph/sampleDense.init', code: initShader }),
      gpu.pipeline({ name: 'graph/sampleDense.mark', code: markShader }),
      gpu.pipeline({ name: 'graph/sampleDense.scan', code: scanShader, constants: { MODE: 1 } }),
      gpu.pipeline({ name: 'graph/sampleDense.scan', code: scanShader, constants: { MODE: 0 } }),
      gpu.pipeline({ name: 'graph/sampleDense.compact', code: compactShader }),
      gpu.pipeline({ name: 'graph/sampleDense.block', code: blockShader }),
    ]);
    const localIndex = owned.add(gpu.createBuffer(n * 4, 'dense.localIndex'));
    const slots = owned.add(gpu.createBuffer(maxSampledRows * stride * 4, 'dense.slots'));
    const wordOffsets = owned.add(gpu.createBuffer((words + 1) * 4, 'dense.wordOffsets'));
    const uni = (words32: ArrayBuffer, label: string) => owned.add(gpu.uniform(words32, label));
    const hops: Step[] = [];
    this.fanouts.forEach((f, h) => {
      const sp = uni(u32s(f, 0, h, stride), `dense.sample${h}`);
      this.sampleParams.push(sp);
      hops.push(
        {
          pipeline: sample,
          group: gpu.bindGroup(sample, [
            this.graphs[h]!.indptr,
            this.graphs[h]!.indices,
            this.nodeIds,
            this.hopOffsets,
            slots,
            this.counts,
            sp,
          ]),
          wg: flatDispatch(maxSampledRows),
        },
        {
          pipeline: mark,
          group: gpu.bindGroup(mark, [
            this.hopOffsets,
            slots,
            this.counts,
            this.seen,
            this.fresh,
            uni(u32s(h, stride, 0, 0), `dense.mark${h}`),
          ]),
          wg: flatDispatch(maxSampledRows * stride),
        },
        {
          pipeline: scanBits,
          group: gpu.bindGroup(scanBits, [
            this.fresh,
            wordOffsets,
            this.hopOffsets,
            uni(u32s(words, h, 0, 0), `dense.scan${h}`),
          ]),
          wg: [1, 1],
        },
        {
          pipeline: compact,
          group: gpu.bindGroup(compact, [
            wordOffsets,
            this.fresh,
            this.seen,
            this.nodeIds,
            localIndex,
            this.hopOffsets,
            uni(u32s(words, h, 0, 0), `dense.compact${h}`),
          ]),
          wg: flatDispatch(words),
        },
      );
    });
    const K = this.fanouts.length;
    const tail: Step[] = [
      {
        pipeline: scanCounts,
        group: gpu.bindGroup(scanCounts, [
          this.counts,
          this.blockIndptr,
          this.hopOffsets,
          uni(u32s(maxNodes, 0, 0, 0), 'dense.scanCounts'),
        ]),
        wg: [1, 1],
      },
      {
        pipeline: block,
        group: gpu.bindGroup(block, [
          this.hopOffsets,
          slots,
          this.counts,
          this.blockIndptr,
          localIndex,
          this.blockIndices,
          uni(u32s(stride, K, 0, 0), 'dense.block'),
        ]),
        wg: flatDispatch(maxSampledRows * stride),
      },
    ];
    const init: Step = {
      pipeline: initPipe,
      group: gpu.bindGroup(initPipe, [this.nodeIds, localIndex, this.seen, this.initParams]),
      wg: flatDispatch(this.maxSeeds),
    };
    for (const s of [init, ...hops, ...tail]) gpu.checkWorkgroups(s.wg, 'DENSE sampling');
    this.steps = { init, hops, tail };
  }

  /** Runs all hops for `seeds` (distinct ids) in one submit; the result stays on the GPU. */
  async run(seeds: Int32Array, seed: number): Promise<void> {
    const { gpu } = this;
    if (seeds.length < 1 || seeds.length > this.maxSeeds)
      throw new UserInputError(`a batch has ${seeds.length} seeds; this sampler was sized for 1..${this.maxSeeds}`);
    validateSeeds({ numNodes: this.graphs[0]!.numNodes } as Csr, seeds);
    const unique = new Set(seeds);
    if (unique.size !== seeds.length) {
      const dup = seeds.find((v, i) => seeds.indexOf(v) !== i);
      throw new UserInputError(
        `seed node ${dup} appears more than once in the batch; DENSE sampling needs distinct seeds`,
      );
    }
    const q = gpu.device.queue;
    q.writeBuffer(this.nodeIds, 0, seeds.buffer, seeds.byteOffset, seeds.byteLength);
    q.writeBuffer(this.hopOffsets, 0, Uint32Array.of(0, seeds.length));
    q.writeBuffer(this.initParams, 0, u32s(seeds.length, 0, 0, 0));
    this.fanouts.forEach((f, h) => q.writeBuffer(this.sampleParams[h]!, 0, u32s(f, seed, h, this.stride)));
    const batch = new CommandBatch(gpu).clear(this.seen).clear(this.fresh).clear(this.counts);
    const { init, hops, tail } = this.steps!;
    for (const s of [init, ...hops, ...tail]) batch.dispatch(s.pipeline, s.group, s.wg);
    await batch.submit();
  }

  /** Reads the batch back: node ids, hop offsets and the block CSR. */
  async read(): Promise<DenseBlock> {
    const K = this.fanouts.length;
    const hopOffsets = await this.gpu.readI32(this.hopOffsets, K + 2);
    const N = hopOffsets[K + 1]!;
    const blockIndptr = await this.gpu.readI32(this.blockIndptr, N + 1);
    const [nodeIds, blockIndices] = await Promise.all([
      this.gpu.readI32(this.nodeIds, N),
      this.gpu.readI32(this.blockIndices, blockIndptr[N]!),
    ]);
    return { nodeIds, hopOffsets, blockIndptr, blockIndices };
  }

  async sample(seeds: Int32Array, seed: number): Promise<DenseBlock> {
    await this.run(seeds, seed);
    return this.read();
  }

  destroy(): void {
    this.owned.destroy();
  }
}
