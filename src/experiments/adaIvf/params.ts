// Ada-IVF parameter schema and presets. Paper defaults are scaled to browser sizes: the paper's
// target partition size τ_s = 1000 on 1M–30M vectors becomes τ_s = 50 on a few thousand, so the
// index has tens to a few hundred partitions (as SIFT1M's ~1000 partitions are to its size); the
// LIRE limits keep the paper's ratios (500/2000 at τ_s = 1000 → 0.5·τ_s / 2·τ_s); r_c = 25 of
// ~1000 partitions (2.5%) becomes r_c = 4 of ~100; the 2.5% rebuild rule is kept as is.
import type { ParamSpec, Preset } from '../types';
import { TOPK_MAX_K } from '../../kernels/vector';

const W = 'Workload';
const I = 'Index & policies';
const A = 'Ada-IVF';
const M = 'Measurement';

export const POLICY_KEYS = ['runFrozen', 'runUpdate', 'runRebuild', 'runLire', 'runDedrift', 'runAda'] as const;

export const adaIvfParams: ParamSpec[] = [
  { key: 'dataset', label: 'Vectors', kind: 'enum', group: W, default: 'gmm', options: [
    { value: 'gmm', label: 'Drifting Gaussian mixture (generated)' },
    { value: 'digits', label: 'scikit-learn digits 1797×64 (real), streamed by label' },
  ] },
  { key: 'vectorFile', label: 'Your vectors (file)', kind: 'file', accept: ['.npy', '.fvecs', '.csv', '.tsv', '.txt'], default: '', group: W,
    help: 'Replaces the vectors above when you press Run: float32 .npy [n, d], .fvecs, or numeric CSV (one vector per row, optional header). Streamed in file order, or label by label (see below); 10% held out as queries.' },
  { key: 'fileLabels', label: 'Labels in your CSV', kind: 'enum', group: W, default: 'none', options: [
    { value: 'none', label: 'none (stream in file order)' }, { value: 'last-column', label: 'last column = integer label (stream by label)' }] },
  { key: 'queryFile', label: 'Your queries (file, optional)', kind: 'file', accept: ['.npy', '.fvecs', '.csv', '.tsv', '.txt'], default: '', group: W,
    help: 'Query vectors with the same dimension as your vectors; without it 10% of each label (or file chunk) is held out as queries.' },
  { key: 'vectors', label: 'Vectors in the stream (N)', kind: 'int', min: 200, max: 200_000, default: 3000, log: true, group: W, help: 'Mixture only; digits has 1797 rows (10% held out as queries).' },
  { key: 'dim', label: 'Dimension d', kind: 'int', min: 2, max: 256, default: 16, group: W, help: 'Mixture only (digits: 64).' },
  { key: 'components', label: 'Mixture components', kind: 'int', min: 1, max: 1024, default: 24, group: W },
  { key: 'spread', label: 'Component spread σ (× mean separation)', kind: 'number', min: 0.05, max: 3, step: 0.05, default: 1, group: W, help: 'Larger = more overlap between components = harder search [assump].' },
  { key: 'drift', label: 'Mean drift over the stream', kind: 'number', min: 0, max: 3, step: 0.05, default: 0.5, group: W, help: 'Each component mean moves drift × separation along a random direction between the first and last batch.' },
  { key: 'initialFraction', label: 'Initial size s0 (share of N)', kind: 'number', min: 0.02, max: 0.9, step: 0.01, default: 0.1, group: W, help: 'Paper generator default: 0.1.' },
  { key: 'batchSize', label: 'Update batch size s_u', kind: 'int', min: 10, max: 20_000, default: 200, log: true, group: W, help: 'Paper: 10k on 1M vectors; here a similar share of N.' },
  { key: 'deleteFraction', label: 'Deletes per batch (share)', kind: 'number', min: 0, max: 0.9, step: 0.05, default: 0, group: W, help: '0 = insert-only (paper default).' },
  { key: 'csf', label: 'Cluster sampling fraction CSF', kind: 'number', min: 0.02, max: 1, step: 0.01, default: 1, group: W, help: 'Share of the groups each batch inserts from (a window sliding over time); 1 = all groups.' },
  { key: 'readWriteRatio', label: 'Read/write ratio r_rw', kind: 'number', min: 0, max: 10, step: 0.01, default: 0.1, group: W, help: 'Queries served per update (paper generator default 0.1).' },
  { key: 'queryMode', label: 'Queries', kind: 'enum', group: W, default: 'localized', options: [
    { value: 'localized', label: 'localized (a fixed hot set of groups)' }, { value: 'uniform', label: 'uniform (all groups seen)' }] },
  { key: 'queryFocus', label: 'Hot set of localized queries (share of groups)', kind: 'number', min: 0.02, max: 1, step: 0.01, default: 0.2, group: W, help: 'Updates outside the hot set land in partitions that are rarely read (paper: 80% of updates hit never-read partitions).' },

  { key: 'targetSize', label: 'Target partition size τ_s', kind: 'int', min: 4, max: 5000, default: 50, log: true, group: I, help: 'Paper 1000; K = n / τ_s at every (re)build.' },
  { key: 'rebuildFraction', label: 'Rebuild after this share changed', kind: 'number', min: 0.005, max: 0.5, step: 0.005, default: 0.025, group: I, help: 'Paper 2.5% (Rebuild, and DeDrift\'s schedule here).' },
  { key: 'rebuildIters', label: 'Full k-means iterations', kind: 'int', min: 1, max: 50, default: 6, group: I },
  { key: 'localIters', label: 'Local k-means iterations ι', kind: 'int', min: 0, max: 50, default: 4, group: I },
  { key: 'neighbours', label: 'Neighbour partitions r_c', kind: 'int', min: 0, max: 100, default: 4, group: I, help: 'Paper 25 of ~1000+ partitions.' },
  { key: 'balance', label: 'Balanced k-means strength', kind: 'number', min: 0, max: 10, step: 0.1, default: 1, group: I, help: 'λ = strength × mean d² / mean size (cost d² + λ·|c|) [assump].' },
  { key: 'lireMin', label: 'LIRE merge below (× τ_s)', kind: 'number', min: 0.05, max: 1, step: 0.05, default: 0.5, group: I },
  { key: 'lireMax', label: 'LIRE split above (× τ_s)', kind: 'number', min: 1.1, max: 10, step: 0.1, default: 2, group: I },
  { key: 'dedriftMode', label: 'DeDrift variant', kind: 'enum', group: I, default: 'hybrid', options: [
    { value: 'lazy', label: 'Lazy (recompute means)' }, { value: 'split', label: 'Split (re-cluster largest + smallest)' }, { value: 'hybrid', label: 'Hybrid (lazy, then split)' }] },
  { key: 'dedriftShare', label: 'DeDrift largest clusters (share of K)', kind: 'number', min: 0.001, max: 0.5, step: 0.001, default: 0.002, group: I, help: 'Paper 8 of 4096; at least 1.' },

  { key: 'alpha', label: 'α (indicator scale)', kind: 'number', min: 0.01, max: 10, step: 0.01, default: 1, group: A },
  { key: 'beta', label: 'β (size vs drift weight)', kind: 'number', min: 0, max: 1, step: 0.05, default: 0.5, group: A },
  { key: 'tauF', label: 'τ_f (local threshold)', kind: 'number', min: 0, max: 5, step: 0.05, default: 2, group: A, help: 'Paper sweeps 0 … 5; tuned per workload.' },
  { key: 'gamma', label: 'γ (σ vs ε weight)', kind: 'number', min: 0, max: 1, step: 0.05, default: 0.5, group: A },
  { key: 'tauG', label: 'τ_G (global threshold)', kind: 'number', min: 0.05, max: 10, step: 0.05, default: 1, group: A },
  { key: 'eta', label: 'η (heating per read)', kind: 'number', min: 0, max: 1, step: 0.005, default: 0.02, group: A, help: 'Not given in the paper [assump].' },
  { key: 'nu', label: 'ν (cooling per query)', kind: 'number', min: 0, max: 1, step: 0.005, default: 0.02, group: A, help: 'Not given in the paper [assump].' },

  { key: 'k', label: 'Neighbours k (recall@k)', kind: 'int', min: 1, max: 100, default: 10, group: M },
  { key: 'nprobe', label: 'nprobe of the stream\'s reads', kind: 'int', min: 1, max: TOPK_MAX_K, default: 4, group: M },
  { key: 'targetRecall', label: 'Recall target', kind: 'number', min: 0.5, max: 0.99, step: 0.01, default: 0.9, group: M },
  { key: 'evalQueries', label: 'Evaluation queries', kind: 'int', min: 10, max: 2000, default: 100, log: true, group: M },
  { key: 'checkpoints', label: 'Evaluation checkpoints', kind: 'int', min: 1, max: 20, default: 3, group: M },
  { key: 'timingReps', label: 'Timed repetitions per search', kind: 'int', min: 1, max: 50, default: 3, group: M },
  { key: 'runFrozen', label: 'Run Frozen', kind: 'bool', default: true, group: M },
  { key: 'runUpdate', label: 'Run Update', kind: 'bool', default: true, group: M },
  { key: 'runRebuild', label: 'Run Rebuild (the normaliser)', kind: 'bool', default: true, group: M },
  { key: 'runLire', label: 'Run LIRE', kind: 'bool', default: true, group: M },
  { key: 'runDedrift', label: 'Run DeDrift', kind: 'bool', default: true, group: M },
  { key: 'runAda', label: 'Run Ada-IVF', kind: 'bool', default: true, group: M },
];

export const adaIvfPresets: Preset[] = [
  { id: 'generator-defaults', label: 'Generator defaults (s0 = 0.1, insert-only, CSF 1, r_rw 0.1), scaled',
    values: { dataset: 'gmm', vectors: 3000, dim: 16, initialFraction: 0.1, batchSize: 150, deleteFraction: 0, csf: 1, readWriteRatio: 0.1, queryMode: 'localized' },
    note: 'The paper\'s generator defaults (§5.1.2) on 3000 vectors: the index grows 10× from its initial build.' },
  { id: 'bigann-ss-like', label: 'BigANN-SS-like: localized inserts + deletes, few reads',
    values: { dataset: 'gmm', vectors: 3000, dim: 16, initialFraction: 0.3, batchSize: 150, deleteFraction: 0.3, csf: 0.25, readWriteRatio: 0.05, queryMode: 'localized' },
    note: 'Streaming runbook shape (r_rw ≈ 0.01–0.05, inserts and deletes, drifting regions); the paper\'s row is 30M MSTuring vectors.' },
  { id: 'internal-like', label: 'Internal-like: read-heavy (r_rw = 10), small updates',
    values: { dataset: 'gmm', vectors: 2000, dim: 16, initialFraction: 0.5, batchSize: 40, deleteFraction: 0.2, csf: 0.2, readWriteRatio: 10, queryMode: 'localized' },
    note: 'Update size ≈ 2% of the index, r_rw = 10, r_id ≈ 5 (paper Table 2, internal trace, not public).' },
  { id: 'digits-by-label', label: 'Real vectors: digits streamed by label',
    values: { dataset: 'digits', initialFraction: 0.1, batchSize: 60, deleteFraction: 0, readWriteRatio: 0.2, queryMode: 'localized', targetSize: 20 },
    note: 'scikit-learn digits (UCI), 1617 indexed after holding out 10% per digit as queries; digits arrive in label order.' },
  { id: 'tiny', label: 'Tiny (quick check, CPU emulation friendly)',
    values: { dataset: 'gmm', vectors: 600, dim: 8, components: 8, initialFraction: 0.2, batchSize: 80, targetSize: 20, evalQueries: 30, checkpoints: 1, timingReps: 1 } },
];
