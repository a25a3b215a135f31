// The live modeled view of CHAI: KV-cache saving of the released configs, per-layer k, and a
// decode roofline on a catalog GPU giving speedup vs k and vs context. Pure and fast.
import { findChaiGpu } from './gpus';
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
import {
  decodeSpeedupBound,
  decodeStepCost,
  layerSpeedup,
  prefillCost,
  type DecodeTarget,
  type DecodeWorkload,
  type PrefillTarget,
} from './model';
import { chaiReproductions, kvSavingClaim, paperComparison } from './paperClaims';
import { chaiPresets, THIS_DEVICE } from './params';

const GB = 1e9;
const col = (
  key: string,
  label: string,
  unit?: string,
  type: 'number' | 'string' = 'number',
  provenance: 'modeled' | 'computed' | 'paper' = 'modeled',
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
): { target: DecodeTarget; prefill: PrefillTarget; name: string } {
  if (p.gpuModel === THIS_DEVICE) {
    if (cal?.decodeGBs) {
      notices.push(
        `"This device": bandwidth = the baseline decode kernel's measured K+V read rate, ${cal.decodeGBs.toFixed(2)} GB/s (f32 kernel), used as is (efficiency 1); prefill assumes an A100's tensor-core peak.`,
      );
      if (cal.cpuEmulation)
        notices.push(
          '"This device" is a CPU emulation (SwiftShader): its read rate describes the emulator, not a GPU.',
        );
      return {
        target: { bandwidthGBs: cal.decodeGBs, computeGflops: Infinity, efficiency: 1 },
        prefill: { bandwidthGBs: cal.decodeGBs, tensorGflops: 312_000, efficiency: p.efficiency as number },
        name: 'this device',
      };
    }
    notices.push('"This device" needs a measurement: press Run. Using A100 80GB until then.');
  }
  const g = findChaiGpu(p.gpuModel === THIS_DEVICE ? 'a100-80gb' : (p.gpuModel as string))!;
  const efficiency = p.efficiency as number;
  return {
    target: { bandwidthGBs: g.memBandwidthGBs, computeGflops: g.fp32Tflops * 1000, efficiency },
    prefill: { bandwidthGBs: g.memBandwidthGBs, tensorGflops: g.fp16TensorTflops * 1000, efficiency },
    name: g.name,
  };
}

/** The preset whose every value equals the current parameters, if any. */
function matchingPreset(p: ParamValues): string | undefined {
  return chaiPresets.find((pr) => Object.entries(pr.values).every(([k, v]) => p[k] === v))?.id;
}

export function buildModelResult(p: ParamValues, cal?: Calibration, deviation?: number): RunResult {
  const notices: string[] = [];
  const cfg = configFrom(p);
  const { target, prefill: prefillTarget, name } = targetFrom(p, cal, notices);
  const w: DecodeWorkload = {
    context: p.modelContext as number,
    batch: p.modelBatch as number,
    bytesPerValue: p.cacheDtype === 'fp32' ? 4 : 2,
  };
  const cost = decodeStepCost(cfg, w, target);
  const clusteringMs = p.clusteringMs as number;
  const prefill = prefillCost(cfg, w, prefillTarget, clusteringMs);
  const minK = Math.min(...cfg.clustersPerLayer);

  const configs = p.config === 'custom' ? [...RELEASED_CONFIGS, cfg] : RELEASED_CONFIGS;
  const paperKv = kvSavingClaim.value!;
  const kvTable: Table = {
    id: 'kv-saving',
    title: `K,V-cache saving (context ${w.context}, batch ${w.batch}, ${w.bytesPerValue} bytes per value)`,
    columns: [
      col('model', 'Model', undefined, 'string'),
      col('clustered', 'Clustered layers'),
      col('saving', 'Saved', '%', 'number', 'computed'),
      col('paper', `Paper, ${kvSavingClaim.where}`, kvSavingClaim.unit, 'number', 'paper'),
      col('kvGB', 'K,V cache', 'GB', 'number', 'computed'),
      col('savedGB', 'Saved', 'GB', 'number', 'computed'),
    ],
    rows: configs.map((c) => {
      const x = decodeStepCost(c, w, target);
      return [
        // Short names keep the table narrow; the layer table below names the config in full.
        c.id === 'custom' ? 'Custom' : c.name.split(' (')[0]!,
        clusteredLayerCount(c),
        100 * kvCacheSaving(c),
        // The paper prints its saving for LLaMA-7B only.
        c.id === LLAMA_7B.id ? paperKv : null,
        x.kvBytes / GB,
        x.kvBytesSaved / GB,
      ];
    }),
    note: `Saving = Σ_l (H − k_l)/(2·L·H), an exact count: only the representatives' K is kept, V stays whole. The paper prints ${paperKv} % for LLaMA-7B without saying which configuration gives it.`,
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
          ['all attention layers (decode)', T, c.attentionSpeedup],
          ['time to next token', T, c.endToEndSpeedup],
          ['time to first token', T, prefillCost(cfg, { ...w, context: T }, prefillTarget, clusteringMs).speedup],
        ];
      }),
    note: 'Decode reads the weights once per step whatever the context, so the time-to-next-token speedup grows as the K,V cache comes to dominate. Prefill is bound by the weights’ matrix products; the Q·Kᵀ share CHAI skips grows with the prompt, and the clustering calls are a fixed cost.',
  };
  const step: Table = {
    id: 'decode-step',
    title: `First token and one decode step of ${cfg.name} on ${name}`,
    columns: [
      col('part', 'Part', undefined, 'string'),
      col('baselineMs', 'Baseline', 'ms'),
      col('chaiMs', 'CHAI', 'ms'),
    ],
    rows: [
      ['weights', cost.weightsMs, cost.weightsMs],
      ['attention (all layers)', cost.baselineAttentionMs, cost.chaiAttentionMs],
      ['time to next token', cost.weightsMs + cost.baselineAttentionMs, cost.weightsMs + cost.chaiAttentionMs],
      ['prefill compute', prefill.baselineMs, prefill.chaiComputeMs],
      ['clustering (assumed per-layer time)', 0, prefill.clusteringMs],
      ['time to first token', prefill.baselineMs, prefill.chaiMs],
    ],
    note: 'Roofline: max(bytes / (bandwidth × efficiency), FLOPs / (peak × efficiency)). Decode is memory-bound, so bytes decide; prefill is bound by the fp16 tensor-core peak. MLP and projection FLOPs are counted with the weights (2 FLOPs per parameter per token).',
  };

  const metrics: Metric[] = [
    {
      key: 'kvSaving',
      label: `K,V-cache saving, ${cfg.name}`,
      value: 100 * kvCacheSaving(cfg),
      unit: '%',
      provenance: 'computed',
      primary: true,
    },
    {
      key: 'kvSavedGB',
      label: `K,V cache saved at context ${w.context}, batch ${w.batch}`,
      value: cost.kvBytesSaved / GB,
      unit: 'GB',
      provenance: 'computed',
    },
    {
      key: 'firstTokenSpeedup',
      label: 'Time to first token (clustering included)',
      value: prefill.speedup,
      unit: '×',
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
      label: 'Time to next token (whole decode step)',
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
      rules: [{ axis: 'y', value: 5, label: 'paper: next token up to 5×' }],
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
      rules: [
        { axis: 'y', value: 1.73, label: 'paper: first token up to 1.73×' },
        { axis: 'y', value: 5, label: 'paper: next token up to 5×' },
      ],
    },
  ];
  const paper = paperComparison({
    kv7b: kvCacheSaving(LLAMA_7B),
    kv33b: kvCacheSaving(LLAMA_33B),
    firstTokenSpeedup: prefill.speedup,
    nextTokenSpeedup: cost.endToEndSpeedup,
    layerSpeedup: layerSpeedup(cfg.heads, minK, cfg.headDim, w, target),
    targetName: name,
    deviation,
  });
  const preset = matchingPreset(p);
  const reproductions =
    preset === 'llama-7b'
      ? chaiReproductions({
          targetName: name,
          context: w.context,
          kvSaving: kvCacheSaving(cfg),
          firstToken: {
            speedup: prefill.speedup,
            skippableShare: prefill.skippableShare,
            clusteringMs: prefill.clusteringMs,
            baselineMs: prefill.baselineMs,
            clusteredLayers: clusteredLayerCount(cfg),
            msPerLayer: clusteringMs,
          },
          nextToken: {
            speedup: cost.endToEndSpeedup,
            weightsGB: (cfg.params * w.bytesPerValue) / GB,
            kvGB: cost.kvBytes / GB,
            savedGB: cost.kvBytesSaved / GB,
            bound: decodeSpeedupBound(cfg),
          },
        })
      : [];
  if (preset === 'llama-33b')
    notices.push(
      'The paper prints no latency or memory figure for LLaMA-33B, and its accuracy table needs the real model, which the app cannot load: this preset has nothing to check against the paper.',
    );
  return {
    tables: [kvTable, paper, layerTable, step, speedK, speedT],
    metrics,
    checks: [],
    charts,
    reproductions,
    notices: [
      ...notices,
      'Modeled: datasheet bandwidth and tensor-core peak × the assumed efficiency; bytes of weights and K,V read per decode step, FLOPs of the prompt for the first token.',
    ],
  };
}
