// Predict–rank–select, live: candidate shapes within N_C ranked by the inference-aware law (main
// fit) at D = D_C, keeping those whose modeled latency on the target GPU meets T_C; where the
// paper's Morph-1B and Open-LM-1B shapes land; and how the best shape moves as T_C tightens.
import type { GpuModel } from '../../sim/hardware';
import type { ChartSpec, Metric, RunResult, Table } from '../types';
import { predictLoss } from './lawFit';
import { modeledDecodeLatency, paperFits, rankWithinParams, type LayerCost } from './model';
import { paramCount } from './paperData';
import type { RankedShape } from './selection';
import { num, shapeLabel, str } from './tableKit';

export interface SelectionSettings {
  maxParams: number;
  tokens: number;
  maxLatencyS: number;
  gpu: GpuModel;
  outputTokens: number;
}

const MARKED = [
  { name: 'Morph-1B', d: 3072, l: 12 },
  { name: 'Open-LM-1B', d: 2048, l: 24 },
] as const;
const TOP = 10;
const SWEEP_POINTS = 13;

export function selectionResult(s: SelectionSettings, cost: LayerCost, notices: string[]): Partial<RunResult> {
  const all = rankWithinParams({ ...s, perLayerMs: cost.ms });
  const feasible = all.ranked.filter((c) => c.latency <= s.maxLatencyS);
  const rankOf = (d: number, l: number) => feasible.findIndex((c) => c.dModel === d && c.nLayers === l) + 1;
  const law = paperFits().inferenceAwareMain.params;

  const row = (c: RankedShape, name: string) => [
    rankOf(c.dModel, c.nLayers) || null,
    name || shapeLabel(c.dModel, c.nLayers),
    c.dModel,
    c.nLayers,
    c.params / 1e6,
    c.ratio,
    c.latency,
    c.predictedLoss,
    'meets N_C and T_C',
  ];
  const rows = feasible.slice(0, TOP).map((c) => row(c, ''));
  for (const m of MARKED) {
    const n = paramCount(m.d, m.l);
    const latency = modeledDecodeLatency(m.d, m.l, s.gpu, cost.ms, s.outputTokens).totalS;
    const rank = rankOf(m.d, m.l);
    const status = n > s.maxParams ? 'over N_C' : latency > s.maxLatencyS ? 'over T_C' : 'meets N_C and T_C';
    const loss = predictLoss('inferenceAware', law, { params: n, tokens: s.tokens, ratio: m.d / m.l });
    rows.push([
      rank || null,
      `${m.name} (${shapeLabel(m.d, m.l)})`,
      m.d,
      m.l,
      n / 1e6,
      m.d / m.l,
      latency,
      loss,
      status,
    ]);
  }
  const table: Table = {
    id: 'selection',
    title: `Best shapes within N_C = ${(s.maxParams / 1e6).toFixed(0)}M and T_C = ${s.maxLatencyS} s on ${s.gpu.name}, at D = ${(s.tokens / 1e9).toFixed(2)}B tokens`,
    columns: [
      num('rank', 'Rank', undefined, 'computed'),
      str('shape', 'Shape', 'computed'),
      num('dModel', 'd_model', undefined, 'computed'),
      num('nLayers', 'n_layers', undefined, 'computed'),
      num('params', 'Parameters N', 'M', 'computed'),
      num('ratio', 'R = d/L', undefined, 'computed'),
      num('latencyS', `Latency, ${s.outputTokens} tokens`, 's', 'modeled'),
      num('loss', 'Predicted loss', 'nats', 'computed'),
      str('status', 'Constraints', 'computed'),
    ],
    rows,
    note:
      `${all.enumerated} candidates (d_model 256–8192 in steps of 64, 1–128 layers); ${all.rejectedByParams} over N_C, ` +
      `${all.ranked.length - feasible.length} over T_C, ${feasible.length} ranked. Loss: the inference-aware law fitted to ` +
      'the paper’s 27-point set. The paper then trains the top few and picks by downstream accuracy; that step needs full training runs and is not modelled.',
  };
  if (feasible.length === 0)
    notices.push(`No shape within N_C meets T_C = ${s.maxLatencyS} s on ${s.gpu.name}: raise T_C or N_C.`);

  // T_C from a quarter to four times the chosen one: the best shape at each, from the same ranking.
  const sweep = Array.from({ length: SWEEP_POINTS }, (_, i) => s.maxLatencyS * 4 ** ((2 * i) / (SWEEP_POINTS - 1) - 1));
  const sweepTable: Table = {
    id: 'selection-sweep',
    title: 'The best shape as the latency limit moves',
    columns: [
      num('maxLatencyS', 'T_C', 's', 'computed'),
      str('shape', 'Best shape', 'computed'),
      num('nLayers', 'n_layers', undefined, 'computed'),
      num('dModel', 'd_model', undefined, 'computed'),
      num('loss', 'Predicted loss', 'nats', 'computed'),
    ],
    rows: sweep.map((t) => {
      const best = all.ranked.find((c) => c.latency <= t);
      return best
        ? [t, shapeLabel(best.dModel, best.nLayers), best.nLayers, best.dModel, best.predictedLoss]
        : [t, 'none', null, null, null];
    }),
  };
  const charts: ChartSpec[] = [
    {
      id: 'selection-sweep-loss',
      title: 'Best predicted loss against the latency limit',
      kind: 'line',
      table: 'selection-sweep',
      x: 'maxLatencyS',
      y: 'loss',
      logX: true,
      xLabel: 'T_C (s)',
      yLabel: 'Predicted loss (nats)',
      rules: [{ axis: 'x', value: s.maxLatencyS, label: 'T_C' }],
    },
    {
      id: 'selection-sweep-depth',
      title: 'Depth of the best shape against the latency limit',
      kind: 'line',
      table: 'selection-sweep',
      x: 'maxLatencyS',
      y: 'nLayers',
      logX: true,
      xLabel: 'T_C (s)',
      yLabel: 'n_layers',
      rules: [{ axis: 'x', value: s.maxLatencyS, label: 'T_C' }],
    },
  ];
  const best = feasible[0];
  const morphRank = rankOf(3072, 12);
  const metrics: Metric[] = [
    {
      key: 'bestShape',
      label: 'Selected shape (d_model×n_layers)',
      value: best ? shapeLabel(best.dModel, best.nLayers) : 'none',
      provenance: 'computed',
    },
    {
      key: 'bestLoss',
      label: 'Its predicted loss',
      value: best ? best.predictedLoss : 'none',
      unit: 'nats',
      provenance: 'computed',
    },
    {
      key: 'morphRank',
      label: 'Rank of the Morph-1B shape (3072×12)',
      value: morphRank || String(rows.find((r) => String(r[1]).startsWith('Morph'))![8]),
      provenance: 'computed',
    },
  ];
  return { tables: [table, sweepTable], charts, metrics };
}
