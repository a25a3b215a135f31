// LV-XAttn: the cost model (traffic formulas, break-even, presets), the bounded CPU reference check,
// and a real run on device partitions (dawn.node) whose outputs and copied bytes must match.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { modelExperiment, runExperiment } from '../runner';
import { lvXAttn } from './index';
import { attentionReference } from '../../kernels/attention/flashAttention.reference';
import { modeledTraffic } from './kernelRun';
import { breakEven, iterationCost, lvBytes, lvForwardHandBackBytes, restFlops, ringBytes } from './model';
import { checkAgainstReference, sampledRows } from './referenceCheck';
import { workloadFrom } from './modelView';
import { defaultValues } from '../../core/params';
import { findMllm } from './mllms';

const metric = (r: { metrics: { key: string; value: number | string }[] }, k: string) =>
  r.metrics.find((m) => m.key === k)!.value as number;

describe('LV-XAttn cost model', () => {
  it("reproduces the notes' break-even worked example (A100 bf16 312 TF, 25 GB/s)", () => {
    const { w } = workloadFrom({ ...defaultValues(lvXAttn.params), efficiency: 1 }, undefined, []);
    const be = breakEven(w);
    expect(be.lvMinSkvPerGpu).toBeCloseTo(12_577, -1); // ≈12.6K tokens
    expect(be.ringMinSqPerGpu).toBeCloseTo(3_120, -1); // ≈3.1K tokens with GQA 32:8
  });
  it("traffic per step follows the notes' table", () => {
    const m = findMllm('llama3v-11b')!;
    expect(ringBytes(1000, m).fwd).toBe(2 * 1000 * 8 * 128 * 2);
    expect(lvBytes(64, m).fwd).toBe(64 * (2 * 4096 * 2 + 32 * 4));
    expect(ringBytes(1000, m).bwd).toBe(2 * ringBytes(1000, m).fwd);
  });
  it("the real run's byte check uses the model's traffic formulas at f32 (n − 1 steps + LV's hand-back)", () => {
    const s = { sQ: 10, sKV: 70, heads: 4, kvHeads: 2, headDim: 16 };
    const d = s.heads * s.headDim;
    // Written out from the algorithms: Q makes n − 1 hops, (O, LSE) n hops; K and V n − 1 hops.
    expect(modeledTraffic(s, 3).lv).toBe(2 * s.sQ * d * 4 + 3 * s.sQ * (d + s.heads) * 4);
    expect(modeledTraffic(s, 3).ring).toBe(2 * 2 * s.sKV * s.kvHeads * s.headDim * 4);
    expect(modeledTraffic(s, 1)).toEqual({ lv: 0, ring: 0 });
    expect(lvBytes(s.sQ, s, 4).fwd).toBe(s.sQ * (2 * d * 4 + s.heads * 4));
    expect(lvForwardHandBackBytes(s.sQ, s, 4)).toBe(s.sQ * (d + s.heads) * 4);
  });
  it('LV-XAttn wins when S_Q ≪ S_KV and loses its edge as text grows', () => {
    const base = { ...defaultValues(lvXAttn.params) };
    const short = iterationCost(workloadFrom({ ...base, textTokens: 512 }, undefined, []).w);
    const long = iterationCost(workloadFrom({ ...base, textTokens: 131_072, frames: 4 }, undefined, []).w);
    expect(short.crossAttnSpeedup).toBeGreaterThan(10);
    expect(long.crossAttnSpeedup).toBeLessThan(1.5);
    expect(short.endToEndSpeedup).toBeLessThan(short.crossAttnSpeedup);
  });
  it('one GPU means no communication: both algorithms take the same time', () => {
    const c = iterationCost(
      workloadFrom({ ...defaultValues(lvXAttn.params), nodes: 1, gpusPerNode: 1, recompute: false }, undefined, []).w,
    );
    expect(c.crossAttnSpeedup).toBeCloseTo(1, 9);
  });
  it('Llama 3-V on 16×A100 lands at tens of × cross-attention speedup; the paper column holds printed numbers only', () => {
    const preset = lvXAttn.presets.find((p) => p.id === 'llama3v-16xa100')!;
    const r = modelExperiment(lvXAttn, preset.values)!;
    expect(metric(r, 'crossAttnSpeedup')).toBeGreaterThan(10);
    expect(metric(r, 'crossAttnSpeedup')).toBeLessThan(60);
    expect(metric(r, 'endToEndSpeedup')).toBeGreaterThan(2);
    const paper = r.tables.find((t) => t.id === 'paper-vs-ours')!;
    expect(paper.rows.map((row) => row[1])).toEqual([45.85, 10.62]);
    const off = modelExperiment(lvXAttn, { ...preset.values, textTokens: 500 })!;
    expect(off.tables.find((t) => t.id === 'paper-vs-ours')!.rows.map((row) => row[1])).toEqual([45.85, 10.62]);
  });
  it('Table 1 traffic: forward K, V vs Q, O, LSE; backward K, V, dK, dV vs Q, O, dO, dQ, LSE; bf16, GQA K/V heads', () => {
    const { w } = workloadFrom({ ...defaultValues(lvXAttn.params), ...lvXAttn.presets[0]!.values }, undefined, []);
    const c = iterationCost(w);
    const x = w.model.crossAttn;
    expect(x).toEqual({ heads: 32, kvHeads: 8, headDim: 128 });
    const skv = (187 * 6404) / 16;
    expect(c.ring.fwdBytesPerStep).toBeCloseTo(2 * skv * 8 * 128 * 2, 6);
    expect(c.ring.bwdBytesPerStep).toBeCloseTo(4 * skv * 8 * 128 * 2, 6);
    expect(c.lv.fwdBytesPerStep).toBe(64 * (2 * 32 * 128 * 2 + 32 * 4));
    expect(c.lv.bwdBytesPerStep).toBe(64 * (4 * 32 * 128 * 2 + 32 * 4));
  });
  it('activation checkpointing re-runs the Ring forward pass; LV-XAttn with its recomputation does not', () => {
    const values = { ...defaultValues(lvXAttn.params), ...lvXAttn.presets[0]!.values };
    const on = iterationCost(workloadFrom(values, undefined, []).w);
    expect(on.ring.rerunForwardMs).toBe(on.ring.forward.totalMs);
    expect(on.ring.totalMs).toBeCloseTo(2 * on.ring.forward.totalMs + on.ring.backward.totalMs, 9);
    expect(on.lv.rerunForwardMs).toBe(0);
    const off = iterationCost(workloadFrom({ ...values, checkpointing: false }, undefined, []).w);
    expect(off.ring.rerunForwardMs).toBe(0);
    expect(off.crossAttnSpeedup).toBeLessThan(on.crossAttnSpeedup);
    // Without LV-XAttn's own recomputation, checkpointing re-runs its forward too.
    const plain = iterationCost(workloadFrom({ ...values, recompute: false }, undefined, []).w);
    expect(plain.lv.rerunForwardMs).toBe(plain.lv.forward.totalMs);
  });
  it("mPLUG-Owl3's cross-attention sits inside its 28 blocks: no extra MLP or query projection, only visual K/V", () => {
    const { w } = workloadFrom({ ...defaultValues(lvXAttn.params), model: 'mplug-owl3-7b' }, undefined, []);
    expect(w.model.crossAttnPlacement).toBe('inside-block');
    const sq = 64;
    const skv = 1000;
    const none = { ...w, model: { ...w.model, crossAttnLayers: 0 } };
    const m = w.model;
    // 4 layers × 3 passes × 2 FLOPs × (K and V) × visionDim × d_kv per visual token: nothing on the text side.
    expect(restFlops(w, sq, skv) - restFlops(none, sq, skv)).toBe(4 * 3 * skv * 2 * 2 * m.visionDim * 4 * 128);
    // Llama 3-V's cross-attention layers are layers of their own, with their own MLP.
    const llama = workloadFrom(defaultValues(lvXAttn.params), undefined, []).w;
    const llamaNone = { ...llama, model: { ...llama.model, crossAttnLayers: 0 } };
    const textSide = restFlops(llama, sq, 0) - restFlops(llamaNone, sq, 0);
    expect(textSide).toBe(4 * 8 * sq * 2 * (2 * 4096 * 4096 + 3 * 4096 * 14336));
  });
  it("OpenFlamingo's gated cross-attention uses its own 8 heads of 64, not the LM's heads", () => {
    expect(findMllm('openflamingo-9b')!.crossAttn).toEqual({ heads: 8, kvHeads: 8, headDim: 64 });
    expect(findMllm('openflamingo-3b')!.crossAttnMlp).toEqual({ ffn: 8192, matrices: 2 });
  });
  it('recomputation fits more frames', () => {
    const r = modelExperiment(lvXAttn, defaultValues(lvXAttn.params))!;
    expect(metric(r, 'framesGain')).toBeGreaterThan(1);
  });
  it('every preset is valid and gives finite, positive metrics (closed-form model, no search)', () => {
    expect(lvXAttn.presets).toHaveLength(12);
    for (const p of lvXAttn.presets) {
      const r = modelExperiment(lvXAttn, p.values)!;
      const numeric = r.metrics.filter((m) => typeof m.value === 'number');
      expect(numeric.length, p.id).toBeGreaterThan(0);
      for (const m of numeric)
        expect(Number.isFinite(m.value) && (m.value as number) >= 0, `${p.id} ${m.key}=${m.value}`).toBe(true);
      expect(
        r.metrics.filter((m) => m.primary),
        p.id,
      ).toHaveLength(1);
    }
  });
  it('without a GPU the run returns the modeled view and says so', async () => {
    const r = await runExperiment(lvXAttn, {}, {});
    expect(r.checks).toHaveLength(0);
    expect(r.notices[0]).toMatch(/No WebGPU/);
    expect(r.tables.map((t) => t.id)).toContain('summary');
  });
});

describe('LV-XAttn reference check, bounded CPU work', () => {
  const s = { sQ: 40, sKV: 9, heads: 2, kvHeads: 1, headDim: 3 };
  const rng = (seed: number) => Float32Array.from({ length: 4096 }, (_, i) => Math.sin(seed * 7919 + i * 12.9898) % 1);
  const q = rng(1).slice(0, s.sQ * s.heads * s.headDim);
  const k = rng(2).slice(0, s.sKV * s.headDim);
  const v = rng(3).slice(0, s.sKV * s.headDim);
  const exact = attentionReference(q, k, v, s);
  const got = () => ({ o: Float32Array.from(exact.o), lse: Float32Array.from(exact.lse) });
  const small = { workCap: 100, sampleRows: 5 }; // 40·9·2·3 = 2160 > 100: sampled
  it('samples evenly spaced rows including the first and last', () => {
    expect(sampledRows(40, 5)).toEqual([0, 10, 20, 29, 39]);
    expect(sampledRows(100, 32)).toHaveLength(32);
    expect(sampledRows(100, 32).at(-1)).toBe(99);
    expect(sampledRows(3, 32)).toEqual([0, 1, 2]);
  });
  it('above the cap it compares sampled rows, says so, and passes a correct result', () => {
    const checks = checkAgainstReference('x', q, k, v, s, got(), small);
    expect(checks).toHaveLength(2);
    for (const c of checks) {
      expect(c.passed, c.detail).toBe(true);
      expect(c.name).toMatch(/5 sampled rows/);
      expect(c.detail).toMatch(/sampled: 5 of 40 query rows/);
    }
  });
  it('above the cap it still fails when one sampled row is perturbed', () => {
    const bad = got();
    bad.o[(29 * s.heads + 1) * s.headDim + 2]! += 0.01; // row 29 is sampled
    expect(checkAgainstReference('x', q, k, v, s, bad, small)[0]!.passed).toBe(false);
    const badLse = got();
    badLse.lse[39 * s.heads]! += 0.01; // last row
    expect(checkAgainstReference('x', q, k, v, s, badLse, small)[1]!.passed).toBe(false);
  });
  it('below the cap every row is compared', () => {
    const bad = got();
    bad.o[5 * s.heads * s.headDim]! += 0.01; // row 5 is not among the 5 sampled rows
    const checks = checkAgainstReference('x', q, k, v, s, bad, { workCap: 1e9, sampleRows: 5 });
    expect(checks[0]!.name).not.toMatch(/sampled/);
    expect(checks[0]!.passed).toBe(false);
  });
});

describe('LV-XAttn real run on device partitions (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('distributed outputs equal single-device attention and bytes match the formulas', async () => {
    const r = await runExperiment(
      lvXAttn,
      {
        kernelDevices: 3,
        kernelTextTokens: 10,
        kernelVisualTokens: 70,
        kernelHeads: 4,
        kernelKvHeads: 2,
        kernelHeadDim: 16,
      },
      { gpu: gpu() },
    );
    // O and LSE against the CPU reference, LV-XAttn and Ring against single device, two byte counts.
    expect(r.checks).toHaveLength(8);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(r.calibration?.attentionEfficiency).toBeGreaterThan(0);
    const steps = r.tables.find((t) => t.id === 'kernel-steps')!;
    expect(steps.rows).toHaveLength(6);
    // Byte counts the ring passed to its own copy calls are exact counts, not measurements.
    for (const c of steps.columns) expect(c.provenance, c.key).toBe('computed');
    expect(r.metrics.find((m) => m.key === 'lvBytesTotal')!.provenance).toBe('computed');
    expect(r.checks.map((c) => c.name)).toContain(
      "LV-XAttn: bytes the ring copied = the cost model's traffic formula (f32)",
    );
    expect(r.calibration?.cpuEmulation).toBe(gpu().isCpuEmulation ? 1 : 0);
    if (gpu().isCpuEmulation)
      expect(r.metrics.find((m) => m.key === 'attentionGflops')!.label).toMatch(/CPU emulation/);
  });
  it('refuses KV heads that do not divide heads with a clear message', async () => {
    await expect(runExperiment(lvXAttn, { kernelHeads: 4, kernelKvHeads: 3 }, { gpu: gpu() })).rejects.toThrow(
      /must divide heads/,
    );
  });
});
