// Bind groups with explicit binding numbers. Entry points of one shader may use different subsets
// of its bindings, and an 'auto' layout holds only the bindings its entry point uses, so the
// positional `Gpu.bindGroup` does not fit them.
import type { Gpu } from './gpu';

/** Bind group 0 of `pipeline` with the given (binding, buffer) pairs. */
export function bindAt(
  gpu: Gpu,
  pipeline: GPUComputePipeline,
  entries: [number, GPUBuffer][],
  label?: string,
): GPUBindGroup {
  return gpu.device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: entries.map(([binding, buffer]) => ({ binding, resource: { buffer } })),
  });
}
