// Run with a GPU (dawn.node): P data-parallel trainers share the GPU, each with its own Bagpipe
// slot cache and shard of every batch; rows are all-reduced now, later or not at all, on the GPU.
// Their loss curve and final tables equal synchronous data-parallel training's bit for bit; that
// synchronous training equals one trainer on whole batches up to f32 summation order (the
// independent check); every trainer's MLP replica is identical at the end; the rows on each path
// equal the exact replay's counts, and all three paths are exercised (sync_later rows both before
// their next use and before write-back). Three trainers on 16 examples: unequal shards (5, 5, 6).
// Tiny shapes: SwiftShader is CPU emulation; L = 8 cleans up every 2 batches (fewer readbacks).
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import { bagpipe } from './index';
import { multiTrainerSkip } from './kernelRun';

describe('Bagpipe GPU run with several trainers', () => {
  const gpu = useNodeGpu();
  it('3 trainers: Bagpipe = synchronous data-parallel = one trainer; now / later / none = the replay', async () => {
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
        gpuLookahead: 8,
        gpuTrainers: P,
      },
      { gpu: gpu() },
    );
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const names = r.checks.map((c) => c.name);
    for (const name of [
      '3-trainer Bagpipe = synchronous data-parallel training (loss per step)',
      'final embedding tables: 3-trainer Bagpipe = synchronous data-parallel',
      'synchronous 3-trainer training = one trainer on whole batches: loss per step (f32 summation order)',
      'synchronous 3-trainer training = one trainer on whole batches: final embedding tables and Adagrad state (f32 summation order)',
      'synchronous 3-trainer training = one trainer on whole batches: final MLP weights (f32 summation order)',
      "MLP weights at the end: all 3 trainers' replicas identical, in both runs (bit for bit)",
      'rows all-reduced now / later / not at all: GPU run = exact replay',
    ])
      expect(names).toContain(name);
    // The independent check sees f32 rounding only, not equality by construction: the P-trainer
    // sums run in another order than one trainer's.
    const vsOne = r.checks.find((c) => c.name.startsWith('synchronous 3-trainer training') && c.name.includes('MLP'))!;
    expect(vsOne.maxAbsError).toBeGreaterThan(0);
    const loss = r.tables.find((t) => t.id === 'gpu-dp-loss')!;
    expect(loss.rows).toHaveLength(B * (2 + P));
    const ar = r.tables.find((t) => t.id === 'gpu-dp-allreduce')!;
    const [now, later, none] = ar.rows.slice(0, 3).map((row) => row[1] as number);
    expect(now! * later! * none!, 'all three sync paths ran').toBeGreaterThan(0);
    // Some parked rows are all-reduced because their row is read again, some before write-back.
    const [, beforeUse, beforeWriteBack] = /^sync_later \((\d+) before their next use, (\d+) before write-back\)$/
      .exec(String(ar.rows[1]![0]))!
      .map(Number);
    expect(beforeUse).toBeGreaterThan(0);
    expect(beforeWriteBack).toBeGreaterThan(0);
    expect(beforeUse! + beforeWriteBack!).toBe(later);
    // Bytes are computed from rows (the trainers share one GPU), the ring's modeled.
    expect(ar.columns.map((c) => c.provenance).slice(3)).toEqual(['computed', 'modeled']);
    expect(ar.rows[0]![3]).toBe(now! * 3 * 4);
    expect(ar.rows[0]![4]).toBeCloseTo(((2 * (P - 1)) / P) * now! * 12, 9);
    const trainers = r.tables.find((t) => t.id === 'gpu-dp-trainers')!;
    expect(trainers.rows).toHaveLength(P);
    // Each trainer's no_sync rows add up to the run's; Bagpipe all-reduces fewer rows than synchronous training.
    expect(trainers.rows.reduce((s, row) => s + (row[4] as number), 0)).toBe(none);
    const ratio = r.metrics.find((m) => m.key === 'gpuDpAllReduceRatio')!.value as number;
    expect(ratio).toBeGreaterThan(0);
    expect(ratio).toBeLessThan(1);
  }, 120_000);

  it('skips the several-trainer part, with its reasons, before any GPU work', () => {
    expect(multiTrainerSkip(1, 1, 9, 2)).toBeNull();
    expect(multiTrainerSkip(2, 16, 8, 2)).toBeNull();
    expect(multiTrainerSkip(2, 1, 8, 2)).toMatch(
      /^GPU run: the 2-trainer comparison was skipped: it splits each batch's 1 example among 2 trainers, so it needs at least 2 examples per batch/,
    );
    const both = multiTrainerSkip(3, 2, 9, 2)!;
    expect(both).toMatch(/needs at least 3 examples per batch/);
    expect(both).toMatch(
      /L a multiple of the cleanup interval \(L = 9, cleanup every 2 batches; set "Lookahead L \(GPU run\)"/,
    );
    expect(multiTrainerSkip(2, 16, 9, 2)).not.toMatch(/examples per batch/);
  });

  it('batch size 1 with 2 trainers and L = 9: the one-trainer run, then a notice instead of the rest', async () => {
    const r = await runExperiment(
      bagpipe,
      {
        replayScale: 2048,
        replayBatches: 20,
        gpuScale: 200_000,
        gpuBatches: 2,
        gpuBatchSize: 1,
        gpuDim: 1,
        gpuLookahead: 9,
        gpuTrainers: 2,
      },
      { gpu: gpu() },
    );
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const notice = r.notices.find((n) => n.startsWith('GPU run: the 2-trainer comparison was skipped'));
    expect(notice).toMatch(/needs at least 2 examples per batch/);
    expect(notice).toMatch(/L = 9, cleanup every 2 batches/);
    expect(r.tables.some((t) => t.id === 'gpu-loss')).toBe(true);
    expect(r.tables.some((t) => t.id.startsWith('gpu-dp'))).toBe(false);
  }, 60_000);
});
