// Shared plumbing for the graph kernels: dispatch sizing for flat 1-D work, uniform packing,
// CSR upload, and one command encoder per batch of GPU work (buffer clears + many dispatches in
// one submit). Shaders number invocations as t = gid.x + gid.y · (num_workgroups.x · 64).
import { Gpu } from '../gpu/gpu';
import type { Csr } from '../data/graphs/csr';

export const WG = 64;
const MAX_X = 65535;

/** Workgroup counts covering `items` invocations of a 64-wide kernel (2-D past 65535 groups). */
export function flatDispatch(items: number): [number, number] {
  const groups = Math.max(1, Math.ceil(items / WG));
  if (groups <= MAX_X) return [groups, 1];
  return [MAX_X, Math.ceil(groups / MAX_X)];
}

/** Packs a uniform from u32 and f32 fields in order (each field one 32-bit word). */
export function packUniform(fields: ({ u: number } | { f: number })[]): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(16, Math.ceil((fields.length * 4) / 16) * 16));
  const view = new DataView(buf);
  fields.forEach((x, i) => {
    if ('u' in x) view.setUint32(i * 4, x.u >>> 0, true);
    else view.setFloat32(i * 4, x.f, true);
  });
  return buf;
}

export const u32s = (...values: number[]): ArrayBuffer => packUniform(values.map((u) => ({ u })));

export interface CsrBuffers {
  numNodes: number;
  nnz: number;
  indptr: GPUBuffer;
  indices: GPUBuffer;
  destroy(): void;
}

export function uploadCsr(gpu: Gpu, g: Csr, label: string): CsrBuffers {
  const indptr = gpu.upload(g.indptr, `${label}.indptr`);
  let indices: GPUBuffer;
  try {
    indices = gpu.upload(g.indices, `${label}.indices`);
  } catch (e) {
    indptr.destroy(); // e.g. indices over the binding limit: do not leak the indptr upload
    throw e;
  }
  return { numNodes: g.numNodes, nnz: g.indices.length, indptr, indices, destroy: () => { indptr.destroy(); indices.destroy(); } };
}

/**
 * Records buffer clears and compute dispatches into one command buffer and submits it once.
 * (Gpu.run only exposes a compute pass; clears need the command encoder.)
 */
export class GraphBatch {
  private readonly enc: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;

  constructor(private readonly gpu: Gpu) {
    this.enc = gpu.device.createCommandEncoder();
  }

  clear(buf: GPUBuffer): this {
    this.endPass();
    this.enc.clearBuffer(buf);
    return this;
  }

  dispatch(pipeline: GPUComputePipeline, group: GPUBindGroup, wg: [number, number?, number?]): this {
    if (!this.pass) this.pass = this.enc.beginComputePass();
    Gpu.encodeDispatch(this.pass, pipeline, group, wg);
    return this;
  }

  private endPass(): void {
    this.pass?.end();
    this.pass = null;
  }

  async submit(): Promise<void> {
    this.endPass();
    this.gpu.device.queue.submit([this.enc.finish()]);
    await this.gpu.device.queue.onSubmittedWorkDone();
  }
}

/** Buffers created for one plan, destroyed together. */
export class BufferSet {
  private readonly all: GPUBuffer[] = [];
  add<T extends GPUBuffer>(b: T): T {
    this.all.push(b);
    return b;
  }
  destroy(): void {
    for (const b of this.all) b.destroy();
    this.all.length = 0;
  }
}
