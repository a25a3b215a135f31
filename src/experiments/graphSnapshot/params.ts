// GraphSnapShot parameter schema and presets (paper settings from the notes §2: θ = 30,
// α = 2, γ = 0.3, fanouts [20,20,20] / [10,10,10] / [5,5,5]; the refresh period T = 50 of the
// paper is scaled to these small graphs' batches per epoch).
import { generateSbm, type NodeClassificationGraph } from '../../data/graphs/generators';
import { karateClubTask, lesMiserablesTask } from '../../data/graphs/realGraphs';
import { uploadParams } from '../../data/graphs/uploadedGraph';
import type { ParamSpec, ParamValues, Preset } from '../types';

export const snapshotParams: ParamSpec[] = [
  { key: 'graph', label: 'Graph', kind: 'enum', group: 'Graph', default: 'sbm-dc',
    options: [{ value: 'sbm-dc', label: 'Degree-corrected SBM (hubs + communities)' }, { value: 'sbm', label: 'SBM (Poisson degrees)' },
      { value: 'karate', label: 'Zachary karate club' }, { value: 'lesmis', label: 'Les Misérables' }] },
  ...uploadParams('Graph'),
  { key: 'nodes', label: 'SBM nodes', kind: 'int', min: 100, max: 20_000, default: 1000, log: true, group: 'Graph' },
  { key: 'communities', label: 'SBM communities (classes)', kind: 'int', min: 2, max: 32, default: 4, group: 'Graph' },
  { key: 'avgDegree', label: 'SBM mean degree', kind: 'number', min: 1, max: 64, default: 12, group: 'Graph' },
  { key: 'degreeTail', label: 'Degree tail index (degree-corrected SBM)', kind: 'number', min: 1.2, max: 6, step: 0.1, default: 1.5, group: 'Graph',
    help: 'Pareto tail of each node\'s edge count: smaller = heavier tail, more hubs above θ.' },
  { key: 'homophily', label: 'SBM homophily', kind: 'number', min: 0, max: 1, step: 0.05, default: 0.8, group: 'Graph' },
  { key: 'featureNoise', label: 'SBM feature noise (σ)', kind: 'number', min: 0, max: 5, step: 0.1, default: 1.5, group: 'Graph' },
  { key: 'hops', label: 'Layers (hops)', kind: 'int', min: 1, max: 3, default: 3, group: 'Sampling' },
  { key: 'fanout', label: 'Fanout per hop', kind: 'int', min: 1, max: 32, default: 10, group: 'Sampling' },
  { key: 'batchSize', label: 'Batch size (seeds)', kind: 'int', min: 1, max: 2048, default: 32, log: true, group: 'Sampling' },
  { key: 'theta', label: 'Degree split θ', kind: 'int', min: 0, max: 10_000, default: 30, group: 'Cache',
    help: 'Nodes of degree > θ are cached ("dense"); the rest are always sampled from the full graph.' },
  { key: 'alpha', label: 'FCR / shared cache size α (× fanout)', kind: 'number', min: 1, max: 8, step: 0.5, default: 2, group: 'Cache' },
  { key: 'gamma', label: 'OTF refresh rate γ', kind: 'number', min: 0, max: 1, step: 0.05, default: 0.3, group: 'Cache',
    help: 'Each refresh replaces ⌊f·γ⌋ of a row\'s 2f cached neighbours.' },
  { key: 'refreshEvery', label: 'Refresh every (batches)', kind: 'int', min: 1, max: 1000, default: 3, log: true, group: 'Cache',
    help: 'FCR: full re-sample period; OTF: partial refresh period T (the paper uses T = 50 with ~100 batches per epoch; scaled down for these small graphs).' },
  { key: 'modelBatches', label: 'Batches simulated by the live model', kind: 'int', min: 1, max: 200, default: 8, group: 'Cost model',
    help: 'More batches average better but the live view slows down (each batch is sampled on the CPU).' },
  { key: 'speedSource', label: 'Tier speeds from', kind: 'enum', group: 'Cost model', default: 'slider',
    options: [{ value: 'slider', label: 'the sliders below' }, { value: 'measured', label: 'this device (cache tier and compute, after Run)' }] },
  { key: 'slowEdgesPerSec', label: 'Slow tier: full-graph sampling', kind: 'number', min: 1e4, max: 1e10, default: 5e6, log: true, unit: 'edges/s', group: 'Cost model',
    help: 'Row entries per second touched when sampling from the full adjacency in host memory (a CPU sampler such as DGL\'s, plus transfer) [assump].' },
  { key: 'cacheEdgesPerSec', label: 'Fast tier: cache sampling', kind: 'number', min: 1e4, max: 1e11, default: 2e8, log: true, unit: 'edges/s', group: 'Cost model' },
  { key: 'computeMs', label: 'Model compute per batch', kind: 'number', min: 0, max: 10_000, default: 0.5, unit: 'ms', group: 'Cost model',
    help: 'Aggregation + GEMMs + backward per batch on the GPU [assump]; Run measures this device\'s.' },
  { key: 'runEpochs', label: 'Epochs (real run)', kind: 'int', min: 1, max: 30, default: 3, group: 'Real run' },
  { key: 'hidden', label: 'Hidden width', kind: 'int', min: 2, max: 128, default: 32, group: 'Real run' },
  { key: 'learningRate', label: 'Adam learning rate', kind: 'number', min: 1e-4, max: 1, default: 0.01, log: true, group: 'Real run' },
];

const paper = { graph: 'sbm-dc', theta: 30, alpha: 2, gamma: 0.3, refreshEvery: 3, hops: 3 };
export const snapshotPresets: Preset[] = [
  { id: 'fanout-20', label: 'Fanouts [20,20,20] (paper setting)', values: { ...paper, fanout: 20 }, note: 'θ=30, α=2, γ=0.3 as in the notes; T scaled from 50 (of ~100 batches per epoch) to 3 (of ~10 here); α·f = 40 ≤ 64 (the sampler\'s row limit).' },
  { id: 'fanout-10', label: 'Fanouts [10,10,10] (paper setting)', values: { ...paper, fanout: 10 } },
  { id: 'fanout-5', label: 'Fanouts [5,5,5] (paper setting)', values: { ...paper, fanout: 5 } },
  { id: 'karate', label: 'Karate club, 2 layers, θ = 4', values: { graph: 'karate', hops: 2, fanout: 3, theta: 4, batchSize: 4, runEpochs: 20, hidden: 16, learningRate: 0.05 } },
];

export function snapshotTask(p: ParamValues, seed: number): NodeClassificationGraph {
  if (p.graph === 'karate') return karateClubTask(seed);
  if (p.graph === 'lesmis') return lesMiserablesTask(seed);
  return generateSbm({ numNodes: p.nodes as number, communities: p.communities as number, avgDegree: p.avgDegree as number,
    homophily: p.homophily as number, featureDim: 16, featureNoise: p.featureNoise as number, trainFraction: 0.3, validFraction: 0.1, seed,
    degreeTail: p.graph === 'sbm-dc' ? (p.degreeTail as number) : undefined });
}

export const fanoutsOf = (p: ParamValues): number[] => Array(p.hops as number).fill(p.fanout as number);
