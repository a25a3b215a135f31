// CHAI's offline step on the synthetic model: per layer, k-means over the heads' 25-d score
// features for k = 1..H, inertia summed over prompts → the elbow plot, and its knee as the
// suggested k_l.
import type { Rng } from '../../data/pcg32';
import { elbowCurve, kneeOf } from './clusteringKMeans';
import type { ChartSpec, Table } from '../types';
import { headFeatures } from './features';
import { headWeights, type LayerDraws } from './syntheticModel';

/** Every k up to 16, then 12 log-spaced values up to H: keeps k-means cheap for H up to 128. */
export function elbowKs(heads: number): number[] {
  const ks = Array.from({ length: Math.min(heads, 16) }, (_, i) => i + 1);
  if (heads > 16) {
    for (let i = 1; i <= 12; i++) ks.push(Math.round(16 * (heads / 16) ** (i / 12)));
  }
  return [...new Set(ks)].sort((a, b) => a - b);
}

export interface ElbowResult {
  table: Table;
  summary: Table;
  chart: ChartSpec;
  /** Suggested k per layer (knee of the curve). */
  knees: number[];
}

export function layerLabel(l: number, redundancy: number): string {
  return `layer ${l} (r = ${redundancy.toFixed(2)})`;
}

export interface ElbowLayer {
  draws: LayerDraws;
  redundancy: number;
}

export function elbowAnalysis(layers: ElbowLayer[], prompts: Float64Array[], tau: number, rng: Rng): ElbowResult {
  const rows: (string | number)[][] = [];
  const summaryRows: (string | number)[][] = [];
  const knees: number[] = [];
  layers.forEach(({ draws, redundancy }, l) => {
    const H = draws.shape.heads;
    const ks = elbowKs(H);
    const weights = headWeights(draws, redundancy, tau);
    const samples = prompts.map((x) => headFeatures(weights, draws.shape, x));
    const inertia = elbowCurve(samples, ks, rng.fork(400 + l));
    const label = layerLabel(l, redundancy);
    ks.forEach((k, i) => rows.push([label, k, inertia[i]!, inertia[0]! > 0 ? inertia[i]! / inertia[0]! : 0]));
    const knee = kneeOf(ks, inertia);
    knees.push(knee);
    summaryRows.push([label, redundancy, new Set(draws.prototypeOf).size, knee]);
  });
  const col = (key: string, label: string, unit?: string, type: 'number' | 'string' = 'number') => ({
    key,
    label,
    unit,
    type,
    provenance: 'computed' as const,
  });
  return {
    table: {
      id: 'elbow',
      title: "Elbow: k-means inertia of the heads' 5×5 score features, summed over prompts",
      columns: [
        col('layer', 'Layer', undefined, 'string'),
        col('k', 'Clusters k'),
        col('inertia', 'Summed inertia'),
        col('normalized', 'Inertia / inertia at k = 1'),
      ],
      rows,
      note: "Computed on the synthetic model this run (greedy k-means++, seeded). Features are the non-causal 5×5 softmax rows used online, not the causal rows of the paper's offline script.",
    },
    summary: {
      id: 'layer-summary',
      title: 'Per-layer elbow: suggested k_l vs the prototypes the heads were drawn around',
      columns: [
        col('layer', 'Layer', undefined, 'string'),
        col('redundancy', 'Redundancy r_l'),
        col('prototypes', 'Prototypes (ground truth)'),
        col('elbowK', 'Elbow k (knee of the curve)'),
      ],
      rows: summaryRows,
      note: 'The knee is the point farthest below the chord of the normalised curve. A layer with r_l = 0 has no true groups, so its knee is arbitrary.',
    },
    chart: {
      id: 'elbow',
      title: 'Elbow plot per layer',
      kind: 'line',
      table: 'elbow',
      x: 'k',
      y: 'normalized',
      series: 'layer',
      xLabel: 'Clusters k',
      yLabel: 'Inertia / inertia at k = 1',
    },
    knees,
  };
}
