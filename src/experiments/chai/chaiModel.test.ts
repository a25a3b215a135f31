// CHAI's modeled half: the released per-layer cluster counts and their K,V-cache saving, the decode
// roofline model, and the live view built from them.
import { describe, expect, it } from 'vitest';
import { modelExperiment } from '../runner';
import { defaultValues } from '../../core/params';
import { UserInputError } from '../types';
import { clusteredLayerCount, customConfig, kvCacheSaving, LLAMA_33B, LLAMA_7B } from './configs';
import {
  attentionLayerBytes,
  decodeSpeedupBound,
  decodeStepCost,
  layerSpeedup,
  prefillCost,
  prefillFlops,
} from './model';
import { chai } from './index';

const metric = (r: { metrics: { key: string; value: number | string }[] }, k: string) =>
  r.metrics.find((m) => m.key === k)!.value as number;
const A100 = { bandwidthGBs: 2039, computeGflops: 19_500, efficiency: 0.8 };
const fp16 = { context: 2048, batch: 1, bytesPerValue: 2 };

describe('released CHAI configs and the K,V-cache saving', () => {
  it('LLaMA-7B: 32 layers, k = 4 in layers 18–31 → 392/2048 = 19.1%', () => {
    expect(LLAMA_7B.clustersPerLayer).toHaveLength(32);
    expect(LLAMA_7B.clustersPerLayer.slice(0, 18).every((k) => k === 32)).toBe(true);
    expect(LLAMA_7B.clustersPerLayer.slice(18).every((k) => k === 4)).toBe(true);
    expect(kvCacheSaving(LLAMA_7B)).toBe(392 / 2048);
    expect((100 * kvCacheSaving(LLAMA_7B)).toFixed(1)).toBe('19.1');
    expect(clusteredLayerCount(LLAMA_7B)).toBe(14);
  });
  it('LLaMA-33B: 60 layers, 48×18, 36×8, 24×6, 8×2, 6×26 → 1652/6240 = 26.5%', () => {
    const c = LLAMA_33B.clustersPerLayer;
    expect(c).toHaveLength(60);
    expect([c[0], c[17], c[18], c[25], c[26], c[31], c[32], c[33], c[34], c[59]]).toEqual([
      48, 48, 36, 36, 24, 24, 8, 8, 6, 6,
    ]);
    expect(kvCacheSaving(LLAMA_33B)).toBe(1652 / 6240);
    expect((100 * kvCacheSaving(LLAMA_33B)).toFixed(1)).toBe('26.5');
  });
  it('custom configs: no clustering saves nothing, k = 1 everywhere saves (H − 1)/(2H)', () => {
    expect(kvCacheSaving(customConfig(10, 8, 64, 0, 1))).toBe(0);
    expect(kvCacheSaving(customConfig(10, 8, 64, 10, 1))).toBe(7 / 16);
    expect(() => customConfig(10, 8, 64, 4, 9)).toThrow(UserInputError);
    expect(() => customConfig(10, 8, 64, 4, 9)).toThrow(/k=9 exceeds the number of heads H=8/);
    expect(() => customConfig(10, 8, 64, 11, 2)).toThrow(/clustered layers \(11\) exceed the model's 10 layers/);
  });
});

describe('decode roofline model', () => {
  it('attention bytes: K of S heads plus V of H heads', () => {
    expect(attentionLayerBytes(32, 4, 128, fp16)).toBe(2048 * 128 * 2 * (4 + 32));
  });
  it('memory-bound layer speedup is exactly 2H/(k + H); k = H gives 1', () => {
    expect(layerSpeedup(32, 4, 128, fp16, A100)).toBeCloseTo(64 / 36, 12);
    expect(layerSpeedup(32, 32, 128, fp16, A100)).toBe(1);
  });
  it('a config with no clustered layer has speedup 1 and saves no bytes', () => {
    const c = decodeStepCost(customConfig(4, 8, 64, 0, 8), fp16, A100);
    expect(c.attentionSpeedup).toBe(1);
    expect(c.endToEndSpeedup).toBe(1);
    expect(c.kvBytesSaved).toBe(0);
  });
  it('LLaMA-7B: KV bytes = 2·L·H·d·T·b, whole-model attention 64/51.75, end to end diluted by the weights', () => {
    const c = decodeStepCost(LLAMA_7B, fp16, A100);
    expect(c.kvBytes).toBe(2 * 32 * 32 * 128 * 2048 * 2);
    expect(c.kvBytesSaved / c.kvBytes).toBeCloseTo(kvCacheSaving(LLAMA_7B), 12);
    expect(c.attentionSpeedup).toBeCloseTo(64 / (18 * 2 + 14 * (36 / 32)), 10);
    expect(c.endToEndSpeedup).toBeGreaterThan(1);
    expect(c.endToEndSpeedup).toBeLessThan(c.attentionSpeedup);
    // Long contexts and big batches make the cache dominate: the end-to-end gain grows.
    const long = decodeStepCost(LLAMA_7B, { context: 65_536, batch: 32, bytesPerValue: 2 }, A100);
    expect(long.endToEndSpeedup).toBeGreaterThan(c.endToEndSpeedup);
    expect(long.endToEndSpeedup).toBeLessThan(long.attentionSpeedup);
  });
});

describe('CHAI modeled view', () => {
  it('every preset is valid and gives finite metrics', () => {
    expect(chai.presets).toHaveLength(4);
    for (const p of chai.presets) {
      const r = modelExperiment(chai, p.values)!;
      expect(r.metrics.filter((m) => m.primary)).toHaveLength(1);
      for (const m of r.metrics)
        if (typeof m.value === 'number') expect(Number.isFinite(m.value), `${p.id} ${m.key}=${m.value}`).toBe(true);
    }
  });
  it("llama-7b preset reports 19.1% and llama-33b 26.5%; the paper's 21.4% stands beside LLaMA-7B only", () => {
    const r7 = modelExperiment(chai, chai.presets.find((p) => p.id === 'llama-7b')!.values)!;
    expect(metric(r7, 'kvSaving')).toBeCloseTo(19.140625, 9);
    const r33 = modelExperiment(chai, chai.presets.find((p) => p.id === 'llama-33b')!.values)!;
    expect(metric(r33, 'kvSaving')).toBeCloseTo(26.474359, 5);
    const kv = r7.tables.find((t) => t.id === 'kv-saving')!;
    expect(kv.rows.map((row) => [row[2], row[3]])).toEqual([
      [(100 * 392) / 2048, 21.4],
      [(100 * 1652) / 6240, null],
    ]);
    expect(kv.columns[2]!.provenance).toBe('computed');
    const paper = r7.tables.find((t) => t.id === 'paper-vs-ours')!;
    expect(paper.rows[0]!.slice(2, 5)).toEqual([21.4, null, (100 * 392) / 2048]);
    // Every number in the paper column is one the paper prints.
    const printed = new Set([21.4, 1.73, 5, 3.2, null]);
    for (const row of paper.rows) expect(printed.has(row[2] as number | null), String(row[0])).toBe(true);
    expect(r33.reproductions ?? []).toHaveLength(0);
    expect(r33.notices.join(' ')).toMatch(/no latency or memory figure for LLaMA-33B/);
  });
  it('first token: prefill FLOPs and clustering; next token: the decode step; the decode bound is 2LH / Σ(k_l + H)', () => {
    const V100 = { bandwidthGBs: 900, tensorGflops: 125_000, efficiency: 0.8 };
    const noClustering = prefillCost(LLAMA_7B, fp16, V100, 0);
    const withClustering = prefillCost(LLAMA_7B, fp16, V100, 2);
    // Without clustering cost, skipping Q·Kᵀ can only help, by at most 1 / (1 − skipped share).
    expect(noClustering.speedup).toBeGreaterThan(1);
    expect(noClustering.speedup).toBeLessThanOrEqual(1 / (1 - noClustering.skippableShare) + 1e-12);
    expect(withClustering.clusteringMs).toBe(14 * 2);
    expect(withClustering.chaiMs).toBeCloseTo(noClustering.chaiMs + 28, 9);
    // Written out: 2·params·T + Σ_l T²·d·(S_l + H).
    const T = 2048;
    expect(prefillFlops(LLAMA_7B, T, new Array(32).fill(32))).toBe(2 * 6.74e9 * T + 32 * T * T * 128 * 64);
    expect(decodeSpeedupBound(LLAMA_7B)).toBeCloseTo((2 * 32 * 32) / (18 * 64 + 14 * 36), 12);
  });
  it('custom config follows the sliders and refuses k > H', () => {
    const base = {
      ...defaultValues(chai.params),
      config: 'custom',
      heads: 8,
      clusters: 2,
      modelLayers: 10,
      clusteredLayers: 5,
    };
    expect(metric(modelExperiment(chai, base)!, 'kvSaving')).toBeCloseTo((100 * 5 * 6) / (2 * 10 * 8), 10);
    expect(() => modelExperiment(chai, { ...base, clusters: 9 })).toThrow(/k=9 exceeds the number of heads H=8/);
  });
  it('"this device" uses the measured decode bandwidth after a run, and says when it has none', () => {
    const p = { ...defaultValues(chai.params), gpuModel: 'this-device' };
    expect(modelExperiment(chai, p)!.notices.join(' ')).toMatch(/needs a measurement/);
    const r = modelExperiment(chai, p, { decodeGBs: 0.5 })!;
    expect(r.notices.join(' ')).toMatch(/0\.50 GB\/s/);
    expect(r.notices.join(' ')).not.toMatch(/CPU emulation/);
    const emulated = modelExperiment(chai, p, { decodeGBs: 0.5, cpuEmulation: 1 })!;
    expect(emulated.notices.join(' ')).toMatch(/CPU emulation \(SwiftShader\)/);
    const step = r.tables.find((t) => t.id === 'decode-step')!;
    expect(step.rows[0]![1]).toBeCloseTo(((LLAMA_7B.params * 2) / 0.5e9) * 1e3, 6);
  });
});
