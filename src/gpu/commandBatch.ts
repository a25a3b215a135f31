// Records buffer clears and compute dispatches into one command buffer and submits it once: many
// steps of GPU work (a sampling hop, a training step) cost one submit and no readback.
// (Gpu.run only exposes a compute pass; clears need the command encoder.)
import { Gpu } from './gpu';

export class CommandBatch {
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
