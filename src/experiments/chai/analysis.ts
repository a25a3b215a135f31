// The CPU half of a CHAI run on the synthetic model: build the layers, pick k_l from elbows,
// cluster the last layer's heads online (cosine distance of the 5×5 score features, average
// linkage), and measure how far CHAI's output moves from the baseline as k and redundancy vary.
import type { Rng } from '../../data/pcg32';
import { decodeAttentionReference } from '../../kernels/decode/decodeAttention.reference';
import { averageLinkage, cosineDistanceMatrix, cutTree, dendrogramOrder, type Merge } from './clustering';
import type { ChartSpec, Metric, Table } from '../types';
import { chaiOutputCpu, outputDeviation } from './deviation';
import { elbowAnalysis, layerLabel } from './elbow';
import { headFeatures, PREFILL_TOKENS } from './features';
import { layerRedundancy, type ChaiSettings } from './params';
import {
  decodeBatch,
  drawLayer,
  headWeights,
  projectLayer,
  tokenStates,
  type DecodeBatch,
  type LayerDraws,
} from './syntheticModel';

export const REDUNDANCY_GRID = [0, 0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 1];

export interface SyntheticRun {
  tables: Table[];
  charts: ChartSpec[];
  metrics: Metric[];
  /** The measured (last) layer's decode inputs and its cluster map at k. */
  batch: DecodeBatch;
  clusterMap: Int32Array;
  merges: Merge[];
  baseline: Float64Array;
}

const col = (key: string, label: string, unit?: string, type: 'number' | 'string' = 'number') => ({
  key,
  label,
  unit,
  type,
  // Exact f64 computations on the synthetic model: computed, not measured on this device.
  provenance: 'computed' as const,
});

/** Powers of two below H, H itself, and any extra ks, sorted. */
export function kGrid(heads: number, extra: number[] = []): number[] {
  const ks = [...extra, heads];
  for (let k = 1; k < heads; k *= 2) ks.push(k);
  return [...new Set(ks.filter((k) => k >= 1 && k <= heads))].sort((a, b) => a - b);
}

/** Cluster map of a layer at k from one prompt, with the merge tree it was cut from. */
function clusterLayer(
  draws: LayerDraws,
  r: number,
  tau: number,
  prompt: Float64Array,
  k: number,
): { map: Int32Array; merges: Merge[]; features: Float64Array[] } {
  const features = headFeatures(headWeights(draws, r, tau), draws.shape, prompt);
  const merges = averageLinkage(cosineDistanceMatrix(features));
  return { map: cutTree(merges, draws.shape.heads, k), merges, features };
}

function similarityTables(features: Float64Array[], merges: Merge[], draws: LayerDraws, map: Int32Array): Table[] {
  const H = features.length;
  const dist = cosineDistanceMatrix(features);
  const order = dendrogramOrder(merges, H);
  const name = (i: number) => (i < H ? `h${i}` : `c${i - H}`);
  const heat: Table = {
    id: 'head-similarity',
    title: "Cosine similarity of the heads' 5×5 score features (last layer, dendrogram order)",
    columns: [
      col('headX', 'Head i', undefined, 'string'),
      col('headY', 'Head j', undefined, 'string'),
      col('similarity', 'Cosine similarity'),
    ],
    rows: order.flatMap((i) => order.map((j) => [name(i), name(j), 1 - dist.data[i * H + j]!])),
    note: 'Heads are ordered by the average-linkage dendrogram, so clusters show as bright blocks. The dendrogram itself is the merge table below (not drawn as a tree).',
  };
  const dendrogram: Table = {
    id: 'dendrogram',
    title: 'Average-linkage merges (the dendrogram as a table; c<i> = cluster made at step i)',
    columns: [
      col('step', 'Step'),
      col('a', 'Merged', undefined, 'string'),
      col('b', 'with', undefined, 'string'),
      col('distance', 'Average cosine distance'),
      col('size', 'Heads in the merged cluster'),
    ],
    rows: merges.map((m, i) => [i, name(m.a), name(m.b), m.distance, m.size]),
  };
  const clusters: Table = {
    id: 'clusters',
    title: `Head → cluster map at k = ${Math.max(...map) + 1} (representative = lowest-index head)`,
    columns: [
      col('head', 'Head'),
      col('cluster', 'Cluster'),
      col('representative', 'Representative head'),
      col('prototype', 'Prototype (ground truth)'),
    ],
    rows: Array.from(map, (c, h) => [h, c, map.indexOf(c), draws.prototypeOf[h]!]),
  };
  return [heat, dendrogram, clusters];
}

export function runSynthetic(s: ChaiSettings, rng: Rng): SyntheticRun {
  const L = s.layers;
  const last = L - 1;
  const tau = s.logitScale;
  const shape = {
    heads: s.heads,
    headDim: s.headDim,
    hidden: s.hidden,
    prototypes: s.prototypes,
    randomInit: s.randomInit,
  };
  const layers = Array.from({ length: L }, (_, l) => ({
    draws: drawLayer(shape, rng.fork(100 + l)),
    redundancy: layerRedundancy(s, l),
  }));
  // Sequence b's token states: T context rows (at least the 5 prompt tokens), then the query.
  const rows = Math.max(s.context, PREFILL_TOKENS) + 1;
  const sequences = Array.from({ length: s.batch }, (_, b) => tokenStates(rng.fork(200 + b), rows, s.hidden));
  const prompts = [
    sequences[0]!,
    ...Array.from({ length: s.samples - 1 }, (_, i) => tokenStates(rng.fork(300 + i), PREFILL_TOKENS, s.hidden)),
  ];
  const elbow = elbowAnalysis(layers, prompts, tau, rng);

  const { draws, redundancy } = layers[last]!;
  const { map, merges, features } = clusterLayer(draws, redundancy, tau, sequences[0]!, s.clusters);
  const projected = projectLayer(draws, sequences, s.context);
  const batch = decodeBatch(projected, redundancy, tau);
  const baseline = decodeAttentionReference(batch.q, batch.k, batch.v, batch.shape);

  const H = s.heads;
  const devK = kGrid(H, [s.clusters, s.prototypes, elbow.knees[last]!]).map((k) => {
    const d = outputDeviation(chaiOutputCpu(batch, cutTree(merges, H, k)), baseline);
    return [k, 100 * d.relL2, d.maxAbs, (100 * (H - k)) / (2 * H)];
  });
  const atK = devK.find((r) => r[0] === s.clusters)!;

  // The same draws re-mixed at each r (r = 0: every head independent, like the random-init
  // control); with the control selected there are no prototypes, so only its own row is shown.
  const sweep = s.randomInit ? [0] : REDUNDANCY_GRID;
  const devR = sweep.map((r) => {
    const b = decodeBatch(projected, r, tau);
    const d = outputDeviation(
      chaiOutputCpu(b, clusterLayer(draws, r, tau, sequences[0]!, s.clusters).map),
      decodeAttentionReference(b.q, b.k, b.v, b.shape),
    );
    return [r, s.randomInit ? 'random-init control' : `prototypes, r = ${r}`, 100 * d.relL2, d.maxAbs];
  });

  const deviationNote =
    'Output-deviation proxy, not task accuracy: CHAI output vs baseline attention output of the last layer, f64 CPU reference (the GPU kernels are checked against it separately).';
  const tables: Table[] = [
    elbow.summary,
    elbow.table,
    ...similarityTables(features, merges, draws, map),
    {
      id: 'deviation-vs-k',
      title: `Output deviation vs k (${layerLabel(last, redundancy)}, H = ${H})`,
      columns: [
        col('k', 'Clusters k'),
        col('relL2', 'Relative L2 deviation', '%'),
        col('maxAbs', 'Max abs error'),
        col('kvSaving', 'K,V cache saved in this layer', '%'),
      ],
      rows: devK,
      note: deviationNote,
    },
    {
      id: 'deviation-vs-redundancy',
      title: `Output deviation vs head redundancy (last layer re-mixed at each r, k = ${s.clusters})`,
      columns: [
        col('redundancy', 'Redundancy r'),
        col('model', 'Heads', undefined, 'string'),
        col('relL2', 'Relative L2 deviation', '%'),
        col('maxAbs', 'Max abs error'),
      ],
      rows: devR,
      note: deviationNote,
    },
  ];
  const charts: ChartSpec[] = [
    elbow.chart,
    {
      id: 'similarity',
      title: 'Head similarity (5×5 score features), dendrogram order',
      kind: 'heatmap',
      table: 'head-similarity',
      x: 'headX',
      y: 'headY',
      value: 'similarity',
    },
    {
      id: 'deviation-k',
      title: 'Output deviation vs clusters k',
      kind: 'line',
      table: 'deviation-vs-k',
      x: 'k',
      y: 'relL2',
      rules: [{ axis: 'x', value: s.clusters, label: `k = ${s.clusters}` }],
    },
    {
      id: 'deviation-r',
      title: 'Output deviation vs redundancy',
      kind: 'line',
      table: 'deviation-vs-redundancy',
      x: 'redundancy',
      y: 'relL2',
    },
  ];
  const metrics: Metric[] = [
    {
      key: 'deviation',
      label: `Output deviation at k = ${s.clusters} (relative L2)`,
      value: atK[1]!,
      unit: '%',
      provenance: 'computed',
      note: "Proxy for the paper's accuracy deviation; synthetic model.",
    },
    { key: 'maxError', label: `Max abs output error at k = ${s.clusters}`, value: atK[2]!, provenance: 'computed' },
    { key: 'elbowK', label: 'Elbow k of the last layer', value: elbow.knees[last]!, provenance: 'computed' },
  ];
  return { tables, charts, metrics, batch, clusterMap: map, merges, baseline };
}
