// Run with a GPU (dawn.node): P data-parallel trainers share the GPU, each with its own Bagpipe
// slot cache and shard of every batch; rows are all-reduced now, later or not at all, on the GPU.
// Their loss curve and final tables equal synchronous data-parallel training's bit for bit, the
// rows on each path equal the exact replay's counts, and all three paths are exercised. Three
// trainers on 16 examples: unequal shards. Tiny shapes: SwiftShader is CPU emulation.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import { bagpipe } from './index';

describe('Bagpipe GPU run with several trainers', () => {
  const gpu = useNodeGpu();
  it('3 trainers: Bagpipe = synchronous data-parallel training; now / later / none = the replay', async () => {
    const P = 3;
    const B = 8;
    const r = await runExperiment(
      bagpipe,
      {
        replayScale: 2048,
        replayBatches: 20,
        gpuScale: 20_000,
        gpuBatches: B,
        gpuBatchSize: 16,
        gpuDim: 3,
        gpuLookahead: 4,
        gpuTrainers: P,
      },
      { gpu: gpu() },
    );
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const names = r.checks.map((c) => c.name);
    expect(names).toContain('3-trainer Bagpipe = synchronous data-parallel training (loss per step)');
    expect(names).toContain('final embedding tables: 3-trainer Bagpipe = synchronous data-parallel');
    expect(names).toContain('rows all-reduced now / later / not at all: GPU run = exact replay');
    const loss = r.tables.find((t) => t.id === 'gpu-dp-loss')!;
    expect(loss.rows).toHaveLength(B * (2 + P));
    const ar = r.tables.find((t) => t.id === 'gpu-dp-allreduce')!;
    const [now, later, none] = ar.rows.slice(0, 3).map((row) => row[1] as number);
    expect(now! * later! * none!, 'all three sync paths ran').toBeGreaterThan(0);
    const trainers = r.tables.find((t) => t.id === 'gpu-dp-trainers')!;
    expect(trainers.rows).toHaveLength(P);
    // Each trainer's no_sync rows add up to the run's; Bagpipe all-reduces fewer rows than synchronous training.
    expect(trainers.rows.reduce((s, row) => s + (row[4] as number), 0)).toBe(none);
    const ratio = r.metrics.find((m) => m.key === 'gpuDpAllReduceRatio')!.value as number;
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
  }, 120_000);

  it('refuses more trainers than examples per batch', async () => {
    await expect(
      runExperiment(
        bagpipe,
        { replayScale: 2048, replayBatches: 20, gpuScale: 20_000, gpuBatches: 2, gpuBatchSize: 2, gpuTrainers: 3 },
        { gpu: gpu() },
      ),
    ).rejects.toThrow('at most 2 trainers');
  }, 60_000);
});
