// GPU workspace shared by the ring algorithms: N simulated workers on one device, each with its
// own buffers. It records every step into ONE command encoder (a compute pass with all workers'
// attention + merge dispatches, then the copies that are the sends), counts the FLOPs of each
// dispatch and the bytes of each send per worker, gathers the finished blocks into full o / lse
// buffers and reads them back once at the end.
import type { OwnsGpuBuffers } from '../../gpu/plan';
import type { Gpu } from '../../gpu/gpu';
import {
  attentionFlops,
  attentionParamsBuffer,
  attentionPipeline,
  bindAttention,
  checkAttentionLimits,
  defaultScale,
  encodeAttention,
  validateAttentionInputs,
  type AttentionOptions,
  type AttentionOutput,
  type AttentionPipeline,
  type AttentionShape,
} from '../attention';
import { bindLseMerge, encodeLseMerge, lseMergeParamsBuffer, lseMergePipeline } from '../attention';
import {
  balancedSplit,
  blockHeld,
  ringTotals,
  summarizeStep,
  validateDevices,
  type RingAlgorithm,
  type RingStep,
  type RingTotals,
  type WorkerStep,
} from './ringPartitions';

export interface RingOptions extends AttentionOptions {
  /** Number of simulated workers (1..64). */
  devices: number;
}

export interface DistributedAttentionResult extends AttentionOutput {
  algorithm: RingAlgorithm;
  devices: number;
  qSplit: number[];
  kvSplit: number[];
  steps: RingStep[];
  totals: RingTotals & { dispatches: number; sends: number };
}

/** Partial attention result buffers of one Q block: o [rows, h, d] and lse [rows, h] (raw f32 bits). */
export interface OLse {
  o: GPUBuffer;
  lse: GPUBuffer;
}

export class RingWorkspace implements OwnsGpuBuffers {
  readonly qSplit: number[];
  readonly kvSplit: number[];
  readonly scale: number;
  readonly masked: boolean;
  /** Bound in place of the mask when there is none; never read. */
  readonly noMask: GPUBuffer;
  private readonly owned: GPUBuffer[] = [];
  private readonly ids = new WeakMap<GPUBuffer, number>();
  private readonly groups = new Map<string, GPUBindGroup>();
  private readonly uniforms = new Map<string, GPUBuffer>();
  private readonly encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;
  private stepFlops: number[];
  private stepBytes: number[];
  private readonly steps: RingStep[] = [];
  private dispatches = 0;
  private sends = 0;

  private constructor(
    readonly gpu: Gpu,
    readonly algorithm: RingAlgorithm,
    readonly shape: AttentionShape,
    readonly devices: number,
    opts: AttentionOptions,
    private readonly attn: AttentionPipeline,
    private readonly merge: GPUComputePipeline,
  ) {
    this.qSplit = balancedSplit(shape.sQ, devices);
    this.kvSplit = balancedSplit(shape.sKV, devices);
    this.scale = opts.scale ?? defaultScale(shape.headDim);
    this.masked = opts.mask !== undefined;
    this.noMask = this.buffer(4, `${algorithm}.noMask`);
    this.encoder = gpu.device.createCommandEncoder({ label: algorithm });
    this.stepFlops = new Array<number>(devices).fill(0);
    this.stepBytes = new Array<number>(devices).fill(0);
  }

  static async create(
    gpu: Gpu,
    algorithm: RingAlgorithm,
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    shape: AttentionShape,
    opts: RingOptions,
  ): Promise<RingWorkspace> {
    validateAttentionInputs(q, k, v, shape, opts, algorithm);
    validateDevices(opts.devices, algorithm);
    checkAttentionLimits(gpu, shape);
    const [attn, merge] = await Promise.all([attentionPipeline(gpu, shape.headDim), lseMergePipeline(gpu)]);
    return new RingWorkspace(gpu, algorithm, shape, opts.devices, opts, attn, merge);
  }

  get qRowElems(): number {
    return this.shape.heads * this.shape.headDim;
  }
  get kvRowElems(): number {
    return this.shape.kvHeads * this.shape.headDim;
  }

  buffer(bytes: number, label: string): GPUBuffer {
    return this.track(this.gpu.createBuffer(bytes, label));
  }

  /** Owns `b` (destroyed with the workspace) and gives it the id bind-group cache keys use. */
  private track(b: GPUBuffer): GPUBuffer {
    this.owned.push(b);
    this.ids.set(b, this.owned.length);
    return b;
  }

  /** A buffer of `capacityBytes` holding `data` at its start (capacity ≥ data, for blocks that vary in size). */
  upload(data: Float32Array | Int32Array, label: string, capacityBytes = data.byteLength): GPUBuffer {
    const b = this.buffer(capacityBytes, label);
    if (data.byteLength > 0) this.gpu.device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
    return b;
  }

  /** o and lse buffers sized for `rows` query rows. */
  oLse(rows: number, label: string): OLse {
    return {
      o: this.buffer(4 * rows * this.qRowElems, `${label}.o`),
      lse: this.buffer(4 * rows * this.shape.heads, `${label}.lse`),
    };
  }

  beginStep(): void {
    this.pass = this.encoder.beginComputePass({ label: `${this.algorithm} step ${this.steps.length}` });
  }

  private activePass(): GPUComputePassEncoder {
    if (!this.pass) throw new Error('RingWorkspace: dispatch outside a step (call beginStep first)');
    return this.pass;
  }

  private cached<T extends GPUBuffer | GPUBindGroup>(map: Map<string, T>, key: string, make: () => T): T {
    let x = map.get(key);
    if (!x) {
      x = make();
      map.set(key, x);
    }
    return x;
  }

  private key(buffers: GPUBuffer[]): string {
    return buffers
      .map((b) => {
        const id = this.ids.get(b);
        if (id === undefined) throw new Error(`RingWorkspace: buffer '${b.label}' was not created by this workspace`);
        return id;
      })
      .join(',');
  }

  /** Worker `worker` computes attention of `qRows` rows of q against `kvRows` keys into out. */
  attention(
    worker: number,
    q: GPUBuffer,
    k: GPUBuffer,
    v: GPUBuffer,
    mask: GPUBuffer | null,
    out: OLse,
    qRows: number,
    kvRows: number,
  ): void {
    if (qRows === 0) return;
    const params = this.cached(this.uniforms, `attn ${qRows}x${kvRows}`, () =>
      this.track(
        attentionParamsBuffer(this.gpu, {
          ...this.shape,
          sQ: qRows,
          sKV: kvRows,
          scale: this.scale,
          hasMask: this.masked,
        }),
      ),
    );
    const maskBuf = mask ?? this.noMask;
    const bufs = [q, k, v, maskBuf, out.o, out.lse, params];
    const group = this.cached(this.groups, `attn ${this.key(bufs)}`, () =>
      bindAttention(this.gpu, this.attn, { q, k, v, mask: maskBuf, o: out.o, lse: out.lse, params }),
    );
    encodeAttention(this.activePass(), this.attn, group, qRows, this.shape.heads);
    this.dispatches++;
    this.stepFlops[worker]! += attentionFlops({
      sQ: qRows,
      sKV: kvRows,
      heads: this.shape.heads,
      headDim: this.shape.headDim,
    });
  }

  /** out = LSE-merge(a, b) over `rows` query rows (out must not alias a or b). */
  mergeInto(a: OLse, b: OLse, out: OLse, rows: number): void {
    if (rows === 0) return;
    const rowHeads = rows * this.shape.heads;
    const params = this.cached(this.uniforms, `merge ${rows}`, () =>
      this.track(lseMergeParamsBuffer(this.gpu, rowHeads, this.shape.headDim)),
    );
    const bufs = [a.o, a.lse, b.o, b.lse, out.o, out.lse, params];
    const group = this.cached(this.groups, `merge ${this.key(bufs)}`, () =>
      bindLseMerge(this.gpu, this.merge, {
        oA: a.o,
        lseA: a.lse,
        oB: b.o,
        lseB: b.lse,
        oOut: out.o,
        lseOut: out.lse,
        params,
      }),
    );
    encodeLseMerge(this.gpu, this.activePass(), this.merge, group, rowHeads, this.shape.headDim);
    this.dispatches++;
  }

  /** Ends the step's compute pass; sends follow as copies, in order after every dispatch. */
  endCompute(): void {
    this.activePass().end();
    this.pass = null;
  }

  /** A send from `worker` to its successor: a real buffer-to-buffer copy, counted. */
  send(worker: number, src: GPUBuffer, dst: GPUBuffer, bytes: number): void {
    if (bytes === 0) return;
    if (this.pass) throw new Error('RingWorkspace: send inside the compute pass (call endCompute first)');
    this.encoder.copyBufferToBuffer(src, 0, dst, 0, bytes);
    this.stepBytes[worker]! += bytes;
    this.sends++;
  }

  /** Closes the step's record; `blocks(i)` says which blocks worker i held. */
  endStep(blocks: (worker: number) => { qBlock: number; kvBlock: number }): void {
    const t = this.steps.length;
    const workers: WorkerStep[] = [];
    for (let i = 0; i < this.devices; i++) {
      const { qBlock, kvBlock } = blocks(i);
      workers.push({
        worker: i,
        qBlock,
        kvBlock,
        qRows: this.qSplit[qBlock]!,
        kvRows: this.kvSplit[kvBlock]!,
        flops: this.stepFlops[i]!,
        bytesSent: this.stepBytes[i]!,
      });
    }
    this.steps.push(summarizeStep(t, workers));
    this.stepFlops = new Array<number>(this.devices).fill(0);
    this.stepBytes = new Array<number>(this.devices).fill(0);
  }

  /** Which travelling block worker i holds at step t. */
  held(worker: number, step: number): number {
    return blockHeld(worker, step, this.devices);
  }

  /** Copies each finished Q block (not a ring send) into full o / lse, submits once, reads once. */
  async finish(finalBlock: (block: number) => OLse): Promise<DistributedAttentionResult> {
    const { sQ, heads } = this.shape;
    const all = this.oLse(sQ, `${this.algorithm}.result`);
    let row = 0;
    for (let j = 0; j < this.devices; j++) {
      const rows = this.qSplit[j]!;
      if (rows > 0) {
        const src = finalBlock(j);
        this.encoder.copyBufferToBuffer(src.o, 0, all.o, 4 * row * this.qRowElems, 4 * rows * this.qRowElems);
        this.encoder.copyBufferToBuffer(src.lse, 0, all.lse, 4 * row * heads, 4 * rows * heads);
      }
      row += rows;
    }
    this.gpu.device.queue.submit([this.encoder.finish()]);
    const o = await this.gpu.readF32(all.o, sQ * this.qRowElems);
    const lse = await this.gpu.readF32(all.lse, sQ * heads);
    return {
      o,
      lse,
      algorithm: this.algorithm,
      devices: this.devices,
      qSplit: this.qSplit,
      kvSplit: this.kvSplit,
      steps: this.steps,
      totals: { ...ringTotals(this.steps), dispatches: this.dispatches, sends: this.sends },
    };
  }

  destroy(): void {
    for (const b of this.owned) b.destroy();
    this.owned.length = 0;
  }
}

/** Slice of rows [offset, offset + rows) of a row-major tensor with `rowElems` values per row. */
export function rowBlock<T extends Float32Array | Int32Array>(
  data: T,
  offset: number,
  rows: number,
  rowElems: number,
): T {
  return data.subarray(offset * rowElems, (offset + rows) * rowElems) as T;
}
