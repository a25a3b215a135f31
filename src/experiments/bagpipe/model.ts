// The live model: the workload from the parameters (table sizes, solved skew), each policy's
// expected per-iteration counts at paper scale (expected.ts), and the cluster's iteration time
// per policy (cluster.ts), for the chosen model and for the whole model × data-set grid.
// Pure and deterministic; the expensive parts (skew calibration, closed-form sums) are memoised,
// so moving a cluster slider recomputes only the α–β arithmetic.
import type { Link } from '../../sim/links';
import { UserInputError, type Calibration, type ParamValues } from '../types';
import { datasetOf, scaledTables, totalRows, type Dataset } from './datasets';
import { denseModel, type ModelId } from './denseModels';
import { expectedCounts, type ExpectedResult } from './expected';
import { calibrateExponent, MAX_EXPONENT, rowGroups, topShare } from './powerLaw';
import { emptyCounts, POLICY_LABELS, type PolicyCounts, type PolicyKey } from './policyTypes';
import { iterationOf, torchRecIteration, type ClusterSpec, type Iteration } from './cluster';

export type SourceId = 'criteo' | 'avazu' | 'terabyte' | 'uniform' | 'file';

export interface Workload {
  source: SourceId;
  dataset: Dataset;
  exponent: number;
  /** Pooled share of accesses to the top 1 % of rows under this exponent. */
  top1Share: number;
  calibrated: boolean;
  examplesPerBatch: number;
  cacheRows: number;
  lookahead: number;
  cleanupFraction: number;
  trainers: number;
  faeThreshold: number;
}

export function exponentFor(p: ParamValues, dataset: Dataset, uniform: boolean): number {
  if (uniform) return 0;
  if (p.skewMode === 'exponent') return p.zipfExponent as number;
  const share = p.top1Share as number;
  const s = calibrateExponent(dataset.tables, 0.01, share);
  if (s === null)
    throw new UserInputError(
      `no power-law exponent up to ${MAX_EXPONENT} makes the top 1 % of ${dataset.name}'s rows take ${share} of the accesses; lower the share`,
    );
  return s;
}

export function workloadFrom(p: ParamValues, datasetOverride?: Dataset): Workload {
  const source = p.traceSource as SourceId;
  const dataset = datasetOverride ?? datasetOf(source);
  const uniform = source === 'uniform';
  const exponent = exponentFor(p, dataset, uniform);
  return {
    source,
    dataset,
    exponent,
    top1Share: topShare(dataset.tables, exponent, 0.01),
    calibrated: !uniform && p.skewMode === 'calibrated',
    examplesPerBatch: p.batchSize as number,
    cacheRows: p.cacheRows as number,
    lookahead: p.lookahead as number,
    cleanupFraction: p.cleanupFraction as number,
    trainers: p.trainers as number,
    faeThreshold: p.faeHotShare as number,
  };
}

const memo = new Map<string, ExpectedResult>();

/** Expected counts at 1/scale (tables, batch and cache divided), per batch or over `batches`. */
export function expectedFor(w: Workload, scale = 1, batches = Infinity): ExpectedResult {
  const tables = scaledTables(w.dataset.tables, scale);
  const E = Math.max(1, Math.round(w.examplesPerBatch / scale));
  const C = Math.max(1, Math.round(w.cacheRows / scale));
  const key = [w.dataset.id, w.exponent, scale, E, C, w.lookahead, w.trainers, w.faeThreshold, batches].join('|');
  let r = memo.get(key);
  if (!r) {
    r = expectedCounts(rowGroups(tables, w.exponent), {
      examplesPerBatch: E,
      lookahead: w.lookahead,
      cacheRows: C,
      trainers: w.trainers,
      faeThreshold: w.faeThreshold,
      batches,
    });
    if (memo.size > 64) memo.clear();
    memo.set(key, r);
  }
  return r;
}

/** A batch must fit in the cache: the batch being trained is never evicted. */
export function checkExpectedCapacity(w: Workload, r: ExpectedResult): void {
  if (w.cacheRows < r.uniquePerBatch)
    throw new UserInputError(
      `cacheRows = ${w.cacheRows} is smaller than a batch's ${Math.round(r.uniquePerBatch)} unique rows (expected, ` +
        `${w.examplesPerBatch} examples of ${w.dataset.name}): a batch being trained is never evicted, so the cache must hold it`,
    );
}

const link = (id: string, gbps: number, latencyUs: number): Link => ({
  id,
  name: `${gbps} Gbit/s`,
  bandwidthGBs: gbps / 8,
  latencyUs,
});

export function clusterSpecFrom(
  p: ParamValues,
  w: Workload,
  model: ModelId,
  cal: Calibration | undefined,
  notices: string[],
): ClusterSpec {
  let cacher = p.cacherIdsPerSecond as number;
  if (p.cacherSpeed === 'measured') {
    if (cal?.oracleIdsPerSecond) cacher = cal.oracleIdsPerSecond;
    else
      notices.push(
        'Oracle Cacher speed "measured" needs a Run whose replay is long enough to time (a few ms or more); using the slider.',
      );
  }
  return {
    trainers: w.trainers,
    examplesPerBatch: w.examplesPerBatch,
    tables: w.dataset.tables.length,
    totalRows: totalRows(w.dataset.tables),
    embDim: p.embDim as number,
    model: denseModel(model, w.dataset.tables.length, p.embDim as number),
    computeEfficiency: p.computeEfficiency as number,
    stepOverheadMs: p.stepOverheadMs as number,
    trainerLink: link('trainer', p.trainerGbps as number, p.allReduceStepUs as number),
    serverLink: link('server', p.serverGbps as number, 0),
    rpcMs: p.rpcMs as number,
    overlapDense: p.overlapDense as boolean,
    cacherIdsPerSecond: cacher,
  };
}

const FIELDS = [
  'hits',
  'misses',
  'fetchedRows',
  'prefetchedRows',
  'writtenBackRows',
  'allReducedNow',
  'allReducedLater',
  'noSyncRows',
  'peakRows',
] as const;

/** Per-batch counts of a replay, as calibration numbers (a file's trace has no closed form). */
export function countsToCalibration(counts: PolicyCounts[]): Calibration {
  const out: Calibration = {};
  for (const c of counts) {
    const per = Math.max(1, c.batches);
    for (const f of FIELDS) out[`replay.${c.key}.${f}`] = f === 'peakRows' ? c[f] : c[f] / per;
  }
  return out;
}

export function countsFromCalibration(cal: Calibration | undefined): PolicyCounts[] | null {
  if (!cal || cal['replay.oracle.hits'] === undefined) return null;
  const keys: PolicyKey[] = ['none', 'la1', 'lru', 'fae', 'oracle', 'belady'];
  return keys.map((k) => {
    const c = emptyCounts(k, POLICY_LABELS[k]);
    c.batches = 1;
    for (const f of FIELDS) c[f] = cal[`replay.${k}.${f}`] ?? 0;
    return c;
  });
}

export interface ModelOutput {
  w: Workload;
  /** Per-iteration counts the cluster uses. */
  counts: PolicyCounts[];
  countsFrom: 'closed form' | 'replay of your file';
  expected: ExpectedResult | null;
  iterations: Iteration[];
  torchrec: ReturnType<typeof torchRecIteration>;
  spec: ClusterSpec;
  notices: string[];
}

/** The cluster for one workload and model from per-iteration counts. */
export function clusterFor(
  p: ParamValues,
  w: Workload,
  counts: PolicyCounts[],
  model: ModelId,
  cal: Calibration | undefined,
  notices: string[],
) {
  const spec = clusterSpecFrom(p, w, model, cal, notices);
  const iterations = counts.filter((c) => c.key !== 'belady').map((c) => iterationOf(spec, c, w.lookahead));
  return { spec, iterations, torchrec: torchRecIteration(spec) };
}

export function computeModel(p: ParamValues, cal?: Calibration): ModelOutput {
  const notices: string[] = [];
  const w = workloadFrom(p);
  let counts: PolicyCounts[];
  let expected: ExpectedResult | null = null;
  let countsFrom: ModelOutput['countsFrom'] = 'closed form';
  const fromFile = w.source === 'file' ? countsFromCalibration(cal) : null;
  if (fromFile) {
    counts = fromFile;
    countsFrom = 'replay of your file';
    notices.push(
      'The cluster uses the per-batch counts of your trace file from the last Run; the compute per iteration uses the "Global batch" slider.',
    );
  } else {
    if (w.source === 'file')
      notices.push(
        'Your trace file is replayed when you press Run; until then the view shows the Criteo-Kaggle-like generator.',
      );
    expected = expectedFor(w);
    checkExpectedCapacity(w, expected);
    counts = expected.counts;
  }
  const cl = clusterFor(p, w, counts, p.model as ModelId, cal, notices);
  return { w, counts, countsFrom, expected, notices, ...cl };
}
