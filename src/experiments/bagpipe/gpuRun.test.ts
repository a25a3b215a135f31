// Run with a GPU (dawn.node): the small DLRM trains with and without the Bagpipe cache on real
// WGSL kernels, the cache's slot management on the GPU; the first step matches the f64 reference,
// the two loss curves and final tables agree bit for bit, the GPU slot cache makes the CPU model's
// decisions, and the cache moves fewer bytes. Tiny shapes: SwiftShader is CPU emulation.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import { bagpipe } from './index';

describe('Bagpipe GPU training run', () => {
  const gpu = useNodeGpu();
  it('cached training = uncached synchronous training, with fewer bytes moved', async () => {
    const r = await runExperiment(
      bagpipe,
      {
        replayScale: 2048,
        replayBatches: 20,
        gpuScale: 20_000,
        gpuBatches: 8,
        gpuBatchSize: 16,
        gpuDim: 4,
        gpuLookahead: 4,
        // The several-trainer part has its own test (multiTrainerRun.test.ts); one trainer here
        // keeps this file's emulated GPU time short.
        gpuTrainers: 1,
      },
      { gpu: gpu() },
    );
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const names = r.checks.map((c) => c.name);
    expect(names).toContain('GPU training step = f64 reference (updated rows)');
    expect(names).toContain('Bagpipe cached training = uncached synchronous training (loss per step)');
    expect(names).toContain('GPU slot cache = its CPU model (rows written back at every cleanup, final slot table)');
    const loss = r.tables.find((t) => t.id === 'gpu-loss')!;
    expect(loss.rows).toHaveLength(16);
    const ratio = r.metrics.find((m) => m.key === 'gpuBytesRatio')!.value as number;
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
  }, 120_000);
});
