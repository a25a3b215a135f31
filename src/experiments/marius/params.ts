// Marius++ (MariusGNN) parameter schema and presets. The "Workload" and "Disk" groups drive the
// live ordering/IO model at any scale; the "Real training run" group sizes the GraphSAGE run on
// this device (in memory vs out of core on a small graph).
import { DISK_CATALOG } from '../../sim/disk';
import { uploadParams } from '../../data/graphs/uploadedGraph';
import type { ParamSpec, Preset } from '../types';

export const mariusParams: ParamSpec[] = [
  { key: 'task', label: 'Task', kind: 'enum', group: 'Workload', default: 'link-prediction',
    options: [{ value: 'link-prediction', label: 'Link prediction (learned embeddings, edge buckets)' },
      { value: 'node-classification', label: 'Node classification (read-only features, training nodes)' }] },
  { key: 'numNodes', label: 'Nodes', kind: 'int', min: 1000, max: 5e9, default: 86_054_151, log: true, group: 'Workload' },
  { key: 'numEdges', label: 'Edges', kind: 'int', min: 1000, max: 5e10, default: 304_727_650, log: true, group: 'Workload' },
  { key: 'bytesPerNode', label: 'Bytes per node on disk', kind: 'int', min: 4, max: 65_536, default: 800, unit: 'B', log: true, group: 'Workload',
    help: 'Link prediction: embedding + optimiser state (d=100 f32 ×2 = 800 B). Node classification: feature vector (128 f32 = 512 B).' },
  { key: 'bytesPerEdge', label: 'Bytes per edge on disk', kind: 'int', min: 4, max: 64, default: 12, unit: 'B', group: 'Workload',
    help: '12 = int32 (source, relation, destination); 8 = int32 pairs.' },
  { key: 'trainFraction', label: 'Training nodes (node classification)', kind: 'number', min: 0.0001, max: 1, default: 0.0109, log: true, group: 'Workload',
    help: 'papers100M: 1,207,179 of 111,059,956 nodes (1.09%).' },
  { key: 'partitions', label: 'BETA: partitions p', kind: 'int', min: 3, max: 8192, default: 16, log: true, group: 'Orderings' },
  { key: 'capacity', label: 'BETA: buffer capacity c', kind: 'int', min: 2, max: 8191, default: 4, log: true, group: 'Orderings',
    help: 'Partitions held in memory; 2 ≤ c < p.' },
  { key: 'cometPartitions', label: 'COMET: physical partitions', kind: 'int', min: 3, max: 8192, default: 1024, log: true, group: 'Orderings' },
  { key: 'cometCapacity', label: 'COMET: buffer capacity (physical)', kind: 'int', min: 2, max: 8191, default: 256, log: true, group: 'Orderings' },
  { key: 'cometRatio', label: 'COMET: physical per logical partition', kind: 'int', min: 1, max: 4096, default: 128, log: true, group: 'Orderings',
    help: 'Must divide both the partitions and the capacity; BETA then runs over partitions/ratio logical partitions.' },
  { key: 'disk', label: 'Disk', kind: 'enum', group: 'Disk', default: 'ebs-400', options: DISK_CATALOG.map((d) => ({ value: d.id, label: d.name })) },
  { key: 'prefetch', label: 'Prefetch the next state\'s partitions', kind: 'bool', default: true, group: 'Disk' },
  { key: 'asyncWriteback', label: 'Asynchronous write-back', kind: 'bool', default: true, group: 'Disk' },
  { key: 'computeSource', label: 'Compute speed from', kind: 'enum', group: 'Compute', default: 'slider',
    options: [{ value: 'slider', label: 'the sliders below' }, { value: 'measured', label: 'this device\'s GraphSAGE run (after Run; node classification)' }] },
  { key: 'edgesPerSecond', label: 'Link prediction: training edges / s', kind: 'number', min: 1e3, max: 1e9, default: 2e6, log: true, unit: 'edges/s', group: 'Compute',
    help: 'GPU throughput with everything in memory (an assumption: the notes give no in-memory figure).' },
  { key: 'seedsPerSecond', label: 'Node classification: training nodes / s', kind: 'number', min: 10, max: 1e8, default: 5e4, log: true, unit: 'nodes/s', group: 'Compute' },
  { key: 'epochs', label: 'Epochs', kind: 'int', min: 1, max: 100, default: 10, group: 'Compute' },
  { key: 'runGraph', label: 'Graph for the real run', kind: 'enum', group: 'Real training run', default: 'sbm',
    options: [{ value: 'sbm', label: 'SBM with community labels' }, { value: 'karate', label: 'Zachary karate club (factions)' }, { value: 'lesmis', label: 'Les Misérables (groups)' }] },
  ...uploadParams('Real training run'),
  { key: 'runNodes', label: 'SBM nodes', kind: 'int', min: 100, max: 50_000, default: 2000, log: true, group: 'Real training run' },
  { key: 'runCommunities', label: 'SBM communities (classes)', kind: 'int', min: 2, max: 32, default: 4, group: 'Real training run' },
  { key: 'runDegree', label: 'SBM mean degree', kind: 'number', min: 1, max: 64, default: 10, group: 'Real training run' },
  { key: 'runHomophily', label: 'SBM homophily', kind: 'number', min: 0, max: 1, step: 0.05, default: 0.8, group: 'Real training run' },
  { key: 'runNoise', label: 'SBM feature noise (σ)', kind: 'number', min: 0, max: 5, step: 0.1, default: 1.5, group: 'Real training run' },
  { key: 'runPartitions', label: 'Partitions (real run)', kind: 'int', min: 3, max: 64, default: 8, group: 'Real training run' },
  { key: 'runCapacity', label: 'Buffer capacity (real run)', kind: 'int', min: 2, max: 63, default: 4, group: 'Real training run' },
  { key: 'runCometRatio', label: 'COMET partitions per logical (real run)', kind: 'int', min: 1, max: 16, default: 2, group: 'Real training run' },
  { key: 'fanout1', label: 'Fanout, hop 1', kind: 'int', min: 1, max: 64, default: 10, group: 'Real training run' },
  { key: 'fanout2', label: 'Fanout, hop 2', kind: 'int', min: 1, max: 64, default: 5, group: 'Real training run' },
  { key: 'hidden', label: 'Hidden width', kind: 'int', min: 2, max: 128, default: 32, group: 'Real training run' },
  { key: 'batchSize', label: 'Batch size (seeds)', kind: 'int', min: 4, max: 4096, default: 128, log: true, group: 'Real training run' },
  { key: 'runEpochs', label: 'Epochs (real run)', kind: 'int', min: 1, max: 50, default: 6, group: 'Real training run' },
  { key: 'learningRate', label: 'Adam learning rate', kind: 'number', min: 1e-4, max: 1, default: 0.01, log: true, group: 'Real training run' },
];

const freebase = { task: 'link-prediction', numNodes: 86_054_151, numEdges: 304_727_650, bytesPerNode: 800, bytesPerEdge: 12, disk: 'ebs-400' };

export const mariusPresets: Preset[] = [
  { id: 'freebase86m', label: 'Freebase86M link prediction: BETA 16/4 vs COMET 1024/256', values: { ...freebase, partitions: 16, capacity: 4,
    cometPartitions: 1024, cometCapacity: 256, cometRatio: 128 },
  note: 'The eurosys_2023_artifact configs (notes §5): BETA p=16, c=4; COMET p=1024, c=256, 128 per logical partition. d=100 embeddings + optimiser state = 800 B/node [assump]; 400 MB/s disk as in Marius OSDI\'21.' },
  { id: 'freebase86m-c8', label: 'Freebase86M: BETA 32/8 (Marius OSDI\'21 "C=8")', values: { ...freebase, partitions: 32, capacity: 8,
    cometPartitions: 1024, cometCapacity: 256, cometRatio: 128 }, note: 'p=32 for C=8 is our assumption; the notes give only C.' },
  { id: 'papers100m', label: 'ogbn-papers100M node classification: p=8192, c=3584', values: { task: 'node-classification', numNodes: 111_059_956,
    numEdges: 1_616_000_000, bytesPerNode: 512, bytesPerEdge: 8, trainFraction: 1_207_179 / 111_059_956, partitions: 8192, capacity: 3584,
    cometPartitions: 8192, cometCapacity: 3584, cometRatio: 512, disk: 'ebs-400' },
  note: 'The papers100M config in the notes: 8192 partitions, buffer 3584, SEQUENTIAL ordering; 128-dim f32 features. COMET here uses 16 logical partitions of 512 [our choice].' },
  { id: 'small-run', label: 'Quick real run: SBM 1000 nodes', values: { runGraph: 'sbm', runNodes: 1000, runEpochs: 4, batchSize: 128, task: 'node-classification' } },
  { id: 'karate', label: 'Real run on Zachary\'s karate club', values: { runGraph: 'karate', runPartitions: 4, runCapacity: 2, runCometRatio: 1,
    batchSize: 8, hidden: 16, runEpochs: 30, learningRate: 0.05, fanout1: 5, fanout2: 5 } },
];
