// Shared fixture for GPU tests in Node: one dawn.node device per test file, torn down after.
import { afterAll, beforeAll } from 'vitest';
import type { Gpu } from './gpu';
import { createNodeGpu } from './node';

export function useNodeGpu(): () => Gpu {
  let gpu: Gpu | undefined;
  beforeAll(async () => {
    gpu = await createNodeGpu();
  });
  afterAll(() => gpu?.destroy());
  return () => {
    if (!gpu) throw new Error('GPU fixture not initialised');
    return gpu;
  };
}
