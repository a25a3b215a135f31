// Shared fixtures for GPU tests in Node: one dawn.node device per test file, torn down after, and a
// way to make plan setup fail half-way to check that a failed plan frees what it made.
import { afterAll, beforeAll, vi } from 'vitest';
import type { Gpu } from './gpu';
import { createNodeGpu } from './node';

export function useNodeGpu(): () => Gpu {
  let gpu: Gpu | undefined;
  beforeAll(async () => {
    gpu = await createNodeGpu({ defaultToSwiftShader: true });
  });
  afterAll(() => gpu?.destroy());
  return () => {
    if (!gpu) throw new Error('GPU fixture not initialised');
    return gpu;
  };
}

/**
 * Until `restore()`, every bind group the device is asked for is refused and every uniform buffer
 * it makes is recorded with a spy on `destroy`: a test plans a kernel, expects the refusal, and
 * checks that the uniforms it made were destroyed.
 */
export function refuseBindGroups(gpu: Gpu): { made: GPUBuffer[]; restore(): void } {
  const made: GPUBuffer[] = [];
  const uniform = gpu.uniform.bind(gpu);
  const mkUniform = vi.spyOn(gpu, 'uniform').mockImplementation((words, label) => {
    const b = uniform(words, label);
    made.push(b);
    vi.spyOn(b, 'destroy');
    return b;
  });
  const bind = vi.spyOn(gpu, 'bindGroup').mockImplementation(() => {
    throw new Error('bind group refused');
  });
  return {
    made,
    restore() {
      mkUniform.mockRestore();
      bind.mockRestore();
    },
  };
}
