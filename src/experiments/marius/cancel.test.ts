// Cancelling the real run must stop between training batches, not only after a whole buffer state
// (in memory, that state is the entire epoch). trainBatch is wrapped to count the batches that
// start after the abort.
import { describe, expect, it, vi } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { assertValidParams } from '../../core/params';
import { marius } from './index';
import { runTraining } from './kernelRun';

const calls = vi.hoisted(() => ({ afterAbort: 0, aborted: false }));
vi.mock('../../kernels/graph/sageTraining', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../kernels/graph/sageTraining')>();
  return {
    ...orig,
    trainBatch: (...args: Parameters<typeof orig.trainBatch>) => {
      if (calls.aborted) calls.afterAbort++;
      return orig.trainBatch(...args);
    },
  };
});

describe('Marius++ real run: cancel (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('an abort during an epoch stops before the next training batch', async () => {
    const p = assertValidParams(marius.params, {
      runGraph: 'karate',
      runPartitions: 4,
      runCapacity: 2,
      runCometRatio: 1,
      batchSize: 4,
      hidden: 8,
      runEpochs: 1,
      fanout1: 3,
      fanout2: 3,
    });
    const controller = new AbortController();
    const ctx = {
      files: {},
      gpu: gpu(),
      rng: createRng(1),
      seed: 1,
      signal: controller.signal,
      progress: (_f: number, message?: string) => {
        // Fired just before the in-memory epoch's batches (one buffer state holding every seed).
        if (message?.startsWith('in-memory: epoch 1')) {
          controller.abort();
          calls.aborted = true;
        }
      },
    };
    await expect(runTraining(gpu(), p, ctx)).rejects.toThrow(/abort/i);
    expect(calls.aborted).toBe(true);
    expect(calls.afterAbort).toBe(0);
  }, 60_000);
});
