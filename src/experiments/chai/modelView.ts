// The live modeled view of CHAI: KV-cache saving of the released configs, per-layer k, and a
// decode roofline on a catalog GPU giving speedup vs k and vs context. Pure and fast.
import { findGpuModel } from '../../sim/hardware';
import { logSpace } from '../../sim/roofline';
import type { Calibration, ChartSpec, Metric, ParamValues, RunResult, Table } from '../types';
import {
  customConfig,
  kvCacheSaving,
  clusteredLayerCount,
  LLAMA_33B,
  LLAMA_7B,
  RELEASED_CONFIGS,
  type ChaiConfig,
} from './configs';
import { decodeStepCost, layerSpeedup, type DecodeTarget, type DecodeWorkload } from './model';
import { kvSavingClaim, paperComparison } from './paperClaims';
import { THIS_DEVICE } from './params';

const GB = 1e9;
const col = (
  key: string,
  label: string,
  unit?: string,
  type: 'number' | 'string' = 'number',
  provenance: 'modeled' | 'paper' = 'modeled',
) => ({ key, label, unit, type, provenance });

export function configFrom(p: ParamValues): ChaiConfig {
  if (p.config === 'llama-7b') return LLAMA_7B;
  if (p.config === 'llama-33b') return LLAMA_33B;
  return customConfig(
    p.modelLayers as number,
    p.heads as number,
    p.headDim as number,
    p.clusteredLayers as number,
    p.clusters as number,
  );
}

function targetFrom(
  p: ParamValues,
  cal: Calibration | undefined,
  notices: string[],
): { target: DecodeTarget; name: string } {
  if (p.gpuModel === THIS_DEVICE) {
    if (cal?.decodeGBs) {
      notices.push(
        `"This device": bandwidth = the baseline decode kernel's measured K+V read rate, ${cal.decodeGBs.toFixed(2)} GB/s (f32 kernel), used as is (efficiency 1).`,
      );
      return { target: { bandwidthGBs: cal.decodeGBs, computeGflops: Infinity, efficiency: 1 }, name: 'this device' };
    }
    notices.push('"This device" needs a measurement: press Run. Using A100 80GB until then.');
  }
  const g = findGpuModel(p.gpuModel === THIS_DEVICE ? 'a100-80gb' : (p.gpuModel as string))!;
  return {
    target: { bandwidthGBs: g.memBandwidthGBs, computeGflops: g.fp32Tflops * 1000, efficiency: p.efficiency as number },
    name: g.name,
  };
}

export function buildModelResult(p: ParamValues, cal?: Calibration, deviation?: number): RunResult {
  const notices: string[] = [];
  const cfg = configFrom(p);
  const { target, name } = targetFrom(p, cal, notices);
  const w: DecodeWorkload = {
    context: p.modelContext as number,
    batch: p.modelBatch as number,
    bytesPerValue: p.cacheDtype === 'fp32' ? 4 : 2,
  };
  const cost = decodeStepCost(cfg, w, target);
  const minK = Math.min(...cfg.clustersPerLayer);

  const configs = p.config === 'custom' ? [...RELEASED_CONFIGS, cfg] : RELEASED_CONFIGS;
  const paperKv = kvSavingClaim.value!;
  const kvTable: Table = {
    id: 'kv-saving',
    title: `K,V-cache saving (context ${w.context}, batch ${w.batch}, ${w.bytesPerValue} bytes per value)`,
    columns: [
      col('model', 'Model', undefined, 'string'),
      col('layers', 'Layers'),
      col('heads', 'Heads'),
      col('clustered', 'Clustered layers'),
      col('saving', 'K,V cache saved', '%'),
      col('paper', `Paper ("up to", ${kvSavingClaim.where})`, kvSavingClaim.unit, 'number', 'paper'),
      col('gap', 'Ours − paper', 'pp'),
      col('kvGB', 'K,V cache without CHAI', 'GB'),
      col('savedGB', 'Saved', 'GB'),
    ],
    rows: configs.map((c) => {
      const x = decodeStepCost(c, w, target);
      return [
        c.name,
        c.layers,
        c.heads,
        clusteredLayerCount(c),
        100 * kvCacheSaving(c),
        paperKv,
        100 * kvCacheSaving(c) - paperKv,
        x.kvBytes / GB,
        x.kvBytesSaved / GB,
      ];
    }),
    note: `Saving = Σ_l (H − k_l)/(2·L·H): only the representatives' K is kept, V stays whole. See "Paper vs ours" for why neither config gives ${paperKv}%.`,
  };
  const layerTable: Table = {
    id: 'layer-k',
    title: `Clusters per layer: ${cfg.name}`,
    columns: [col('layer', 'Layer'), col('k', 'Clusters k_l'), col('heads', 'Heads H')],
    rows: cfg.clustersPerLayer.map((k, l) => [l, k, cfg.heads]),
    note: cfg.source,
  };

  const ks = Array.from({ length: cfg.heads }, (_, i) => i + 1);
  const speedK: Table = {
    id: 'speedup-vs-k',
    title: `Modeled decode speedup vs k on ${name} (clustered layers of ${cfg.name} set to k)`,
    columns: [col('series', 'Scope', undefined, 'string'), col('k', 'Clusters k'), col('speedup', 'Speedup', '×')],
    rows: ks.flatMap((k) => {
      const c = decodeStepCost(cfg, w, target, k);
      return [
        ['one clustered attention layer', k, layerSpeedup(cfg.heads, k, cfg.headDim, w, target)],
        ['all attention layers', k, c.attentionSpeedup],
        ['whole decode step', k, c.endToEndSpeedup],
      ];
    }),
  };
  const speedT: Table = {
    id: 'speedup-vs-context',
    title: `Modeled speedup vs context (${cfg.name}, batch ${w.batch}, ${name})`,
    columns: [
      col('series', 'Scope', undefined, 'string'),
      col('context', 'Context', 'tokens'),
      col('speedup', 'Speedup', '×'),
    ],
    rows: logSpace(128, 131_072, 21)
      .map(Math.round)
      .flatMap((T) => {
        const c = decodeStepCost(cfg, { ...w, context: T }, target);
        return [
          ['all attention layers', T, c.attentionSpeedup],
          ['whole decode step', T, c.endToEndSpeedup],
        ];
      }),
    note: 'Weights are read once per step whatever the context, so the whole-step speedup grows as the K,V cache comes to dominate.',
  };
  const step: Table = {
    id: 'decode-step',
    title: `One decode step of ${cfg.name} on ${name}`,
    columns: [
      col('part', 'Part', undefined, 'string'),
      col('baselineMs', 'Baseline', 'ms'),
      col('chaiMs', 'CHAI', 'ms'),
    ],
    rows: [
      ['weights', cost.weightsMs, cost.weightsMs],
      ['attention (all layers)', cost.baselineAttentionMs, cost.chaiAttentionMs],
      ['total', cost.weightsMs + cost.baselineAttentionMs, cost.weightsMs + cost.chaiAttentionMs],
    ],
    note: 'Roofline: max(bytes / (bandwidth × efficiency), FLOPs / (f32 peak × efficiency)); decode is memory-bound, so bytes decide. MLP and projection FLOPs are counted with the weights (2 FLOPs per parameter per sequence).',
  };

  const metrics: Metric[] = [
    {
      key: 'kvSaving',
      label: `K,V-cache saving, ${cfg.name}`,
      value: 100 * kvCacheSaving(cfg),
      unit: '%',
      provenance: 'modeled',
      primary: true,
    },
    {
      key: 'kvSavedGB',
      label: `K,V cache saved at context ${w.context}, batch ${w.batch}`,
      value: cost.kvBytesSaved / GB,
      unit: 'GB',
      provenance: 'modeled',
    },
    {
      key: 'layerSpeedup',
      label: `One attention layer at k = ${minK} of ${cfg.heads}`,
      value: layerSpeedup(cfg.heads, minK, cfg.headDim, w, target),
      unit: '×',
      provenance: 'modeled',
    },
    {
      key: 'attentionSpeedup',
      label: 'All attention layers',
      value: cost.attentionSpeedup,
      unit: '×',
      provenance: 'modeled',
    },
    {
      key: 'endToEndSpeedup',
      label: 'Whole decode step',
      value: cost.endToEndSpeedup,
      unit: '×',
      provenance: 'modeled',
    },
  ];
  const charts: ChartSpec[] = [
    { id: 'layer-k', title: 'Clusters per layer', kind: 'bar', table: 'layer-k', x: 'layer', y: 'k' },
    {
      id: 'speedup-k',
      title: 'Modeled speedup vs k',
      kind: 'line',
      table: 'speedup-vs-k',
      x: 'k',
      y: 'speedup',
      series: 'series',
      rules: [{ axis: 'y', value: 1.73, label: 'paper: up to 1.73×' }],
    },
    {
      id: 'speedup-context',
      title: 'Modeled speedup vs context',
      kind: 'line',
      table: 'speedup-vs-context',
      x: 'context',
      y: 'speedup',
      series: 'series',
      logX: true,
      rules: [{ axis: 'y', value: 1.73, label: 'paper: up to 1.73×' }],
    },
  ];
  const paper = paperComparison({
    kv7b: kvCacheSaving(LLAMA_7B),
    kv33b: kvCacheSaving(LLAMA_33B),
    layerSpeedup: layerSpeedup(cfg.heads, minK, cfg.headDim, w, target),
    attentionSpeedup: cost.attentionSpeedup,
    endToEndSpeedup: cost.endToEndSpeedup,
    targetName: name,
    deviation,
  });
  return {
    tables: [kvTable, paper, layerTable, step, speedK, speedT],
    metrics,
    checks: [],
    charts,
    notices: [...notices, 'Modeled: datasheet bandwidth × efficiency, bytes of weights and K,V read per decode step.'],
  };
}
