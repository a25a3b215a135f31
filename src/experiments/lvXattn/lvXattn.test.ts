import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { modelExperiment, runExperiment } from '../runner';
import { lvXattn } from './index';
import { breakEven, iterationCost, lvBytes, ringBytes } from './model';
import { workloadFrom } from './modelView';
import { defaultValues } from '../params';
import { findMllm } from './mllms';

const metric = (r: { metrics: { key: string; value: number | string }[] }, k: string) => r.metrics.find((m) => m.key === k)!.value as number;

describe('LV-XAttn cost model', () => {
  it('reproduces the notes\' break-even worked example (A100 bf16 312 TF, 25 GB/s)', () => {
    const { w } = workloadFrom({ ...defaultValues(lvXattn.params), efficiency: 1 }, undefined, []);
    const be = breakEven(w);
    expect(be.lvMinSkvPerGpu).toBeCloseTo(12_577, -1); // ≈12.6K tokens
    expect(be.ringMinSqPerGpu).toBeCloseTo(3_120, -1); // ≈3.1K tokens with GQA 32:8
  });
  it('traffic per step follows the notes\' table', () => {
    const m = findMllm('llama3v-11b')!;
    expect(ringBytes(1000, m).fwd).toBe(2 * 1000 * 8 * 128 * 2);
    expect(lvBytes(64, m).fwd).toBe(64 * (2 * 4096 * 2 + 32 * 4));
    expect(ringBytes(1000, m).bwd).toBe(2 * ringBytes(1000, m).fwd);
  });
  it('LV-XAttn wins when S_Q ≪ S_KV and loses its edge as text grows', () => {
    const base = { ...defaultValues(lvXattn.params) };
    const short = iterationCost(workloadFrom({ ...base, textTokens: 512 }, undefined, []).w);
    const long = iterationCost(workloadFrom({ ...base, textTokens: 131_072, frames: 4 }, undefined, []).w);
    expect(short.crossAttnSpeedup).toBeGreaterThan(10);
    expect(long.crossAttnSpeedup).toBeLessThan(1.5);
    expect(short.endToEndSpeedup).toBeLessThan(short.crossAttnSpeedup);
  });
  it('one GPU means no communication: both algorithms take the same time', () => {
    const c = iterationCost(workloadFrom({ ...defaultValues(lvXattn.params), nodes: 1, gpusPerNode: 1, recompute: false }, undefined, []).w);
    expect(c.crossAttnSpeedup).toBeCloseTo(1, 9);
  });
  it('Llama 3-V on 16×A100 lands at tens of × cross-attention speedup (paper: up to 45.85×)', () => {
    const preset = lvXattn.presets.find((p) => p.id === 'llama3v-16xa100')!;
    const r = modelExperiment(lvXattn, preset.values)!;
    expect(metric(r, 'crossAttnSpeedup')).toBeGreaterThan(10);
    expect(metric(r, 'crossAttnSpeedup')).toBeLessThan(60);
    expect(metric(r, 'endToEndSpeedup')).toBeGreaterThan(2);
    expect(r.tables.find((t) => t.id === 'paper-vs-ours')!.rows[0]![2]).toBe(45.85);
  });
  it('recomputation fits more frames', () => {
    const r = modelExperiment(lvXattn, defaultValues(lvXattn.params))!;
    expect(metric(r, 'framesGain')).toBeGreaterThan(1);
  });
  it('every preset is valid and recomputes fast (<100 ms)', () => {
    for (const p of lvXattn.presets) {
      const t0 = performance.now();
      modelExperiment(lvXattn, p.values);
      expect(performance.now() - t0, p.id).toBeLessThan(100 * 5); // generous: guards against accidental blow-ups only
    }
  });
  it('without a GPU the run returns the modeled view and says so', async () => {
    const r = await runExperiment(lvXattn, {}, {});
    expect(r.checks).toHaveLength(0);
    expect(r.notices[0]).toMatch(/No WebGPU/);
    expect(r.tables.map((t) => t.id)).toContain('summary');
  });
});

describe('LV-XAttn real run on device partitions (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('distributed outputs equal single-device attention and bytes match the formulas', async () => {
    const r = await runExperiment(lvXattn, {
      kernelDevices: 3, kernelTextTokens: 10, kernelVisualTokens: 70, kernelHeads: 4, kernelKvHeads: 2, kernelHeadDim: 16,
    }, { gpu: gpu() });
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(r.checks.length).toBeGreaterThanOrEqual(8);
    expect(r.calibration?.attentionEfficiency).toBeGreaterThan(0);
    const steps = r.tables.find((t) => t.id === 'kernel-steps')!;
    expect(steps.rows).toHaveLength(6);
  });
  it('refuses KV heads that do not divide heads with a clear message', async () => {
    await expect(runExperiment(lvXattn, { kernelHeads: 4, kernelKvHeads: 3 }, { gpu: gpu() })).rejects.toThrow(/must divide heads/);
  });
});
