// The replay-speed benchmark behind `npm run bench` (cli/benchReplay.ts): a Criteo-Kaggle-like
// trace (the 26 real table sizes, optionally scaled down; the skew calibrated so the top 1 % of
// rows take 92 % of accesses, as the experiment's default) of `batches` batches of
// `examplesPerBatch` × 26 ids, prepared once, then the Oracle Cacher (L = 200, cleanup 0.25) and
// LRU (5 M rows ÷ the scale) replayed over it `repeats` times each. Speeds are unique ids per
// second (each batch's unique rows, the ids the policies process), per CPU second of this process
// where Node reports it, else per wall second. Measured; nothing asserts a speed.
import { CRITEO_KAGGLE, scaledTables } from './datasets';
import { LruCache } from './lru';
import { OracleCacher } from './oracleCacher';
import { calibrateExponent } from './powerLaw';
import { prepareTrace } from './preparedTrace';
import { generatorSource } from './traceSources';
import { checkCapacity } from './replay';

export interface ReplayBenchSpec {
  batches: number;
  examplesPerBatch: number;
  /** Criteo's tables divided by this (1 = the real sizes). */
  tableScale: number;
  repeats: number;
  seed?: number;
}

export interface ReplayBenchRun {
  policy: 'oracle' | 'lru';
  /** Unique ids replayed, wall seconds, CPU seconds (null outside Node). */
  ids: number;
  seconds: number;
  cpuSeconds: number | null;
  idsPerSecond: number;
}

export interface ReplayBenchResult {
  spec: ReplayBenchSpec;
  rawIds: number;
  uniqueIds: number;
  rows: number;
  prepareSeconds: number;
  runs: ReplayBenchRun[];
}

function cpuNow(): number | null {
  const proc = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (!proc?.cpuUsage) return null;
  const u = proc.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function time(f: () => void): { seconds: number; cpuSeconds: number | null } {
  const c0 = cpuNow();
  const t0 = performance.now();
  f();
  const seconds = (performance.now() - t0) / 1000;
  const c1 = cpuNow();
  return { seconds, cpuSeconds: c0 === null || c1 === null ? null : c1 - c0 };
}

export function runReplayBench(spec: ReplayBenchSpec): ReplayBenchResult {
  const tables = scaledTables(CRITEO_KAGGLE.tables, spec.tableScale);
  const exponent = calibrateExponent(CRITEO_KAGGLE.tables, 0.01, 0.92)!;
  const source = generatorSource({
    name: 'Criteo-like replay benchmark',
    tables,
    exponent,
    examplesPerBatch: spec.examplesPerBatch,
    numBatches: spec.batches,
    seed: spec.seed ?? 1,
  });
  let trace!: ReturnType<typeof prepareTrace>;
  const prep = time(() => (trace = prepareTrace(source, 1)));
  const cacheRows = Math.max(trace.maxUnique, Math.round(5_000_000 / spec.tableScale));
  checkCapacity(trace, cacheRows);
  const runs: ReplayBenchRun[] = [];
  for (let r = 0; r < spec.repeats; r++) {
    for (const policy of ['oracle', 'lru'] as const) {
      const p = policy === 'oracle' ? new OracleCacher(trace, 200, 0.25) : new LruCache(trace, cacheRows);
      const t = time(() => {
        p.advance(trace.numBatches);
        p.finish();
      });
      const ids = trace.rows.length;
      const basis = t.cpuSeconds !== null && t.cpuSeconds > 0 ? t.cpuSeconds : t.seconds;
      runs.push({ policy, ids, seconds: t.seconds, cpuSeconds: t.cpuSeconds, idsPerSecond: ids / basis });
    }
  }
  return {
    spec,
    rawIds: trace.accesses,
    uniqueIds: trace.rows.length,
    rows: trace.numRows,
    prepareSeconds: prep.seconds,
    runs,
  };
}
