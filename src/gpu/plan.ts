// The one shape of a kernel plan: inputs uploaded and bind groups made once, then recorded into
// compute passes as often as needed (timing loops, k-means iterations, training steps) with no
// re-upload, and freed together. Every kernel family's plan types extend these.

/** Something that owns GPU buffers and frees them all at once (not the caller's inputs). */
export interface OwnsGpuBuffers {
  destroy(): void;
}

/** A bound, ready-to-record kernel: `encode` adds its dispatches to a pass (no submit, no readback). */
export interface KernelPlan extends OwnsGpuBuffers {
  encode(pass: GPUComputePassEncoder): void;
}
