// The exact replay: prepare a trace once (unique rows per batch, compact ids, next uses), then run
// every policy over it in chunks of batches, yielding between chunks so the UI stays responsive
// and Cancel works, and timing only the policy code (the yields and the preparation are timed
// separately). The throughput is unique row ids processed per second on this machine's single
// JavaScript thread.
import { throwIfAborted } from '../runner';
import { UserInputError } from '../types';
import { LookaheadOne, NoCache } from './baselines';
import { BeladyMin } from './belady';
import { FaeReplay } from './fae';
import { LruCache } from './lru';
import { OracleCacher } from './oracleCacher';
import type { PolicyCounts, PolicyKey, SteppedPolicy } from './policyTypes';
import { TraceBuilder, type PreparedTrace } from './preparedTrace';
import type { TraceSource } from './traceSources';

export interface ReplayOptions {
  lookahead: number;
  cleanupFraction: number;
  cacheRows: number;
  trainers: number;
  faeThreshold: number;
  /** Names the cache size in the "C too small" error (e.g. "cacheRows = 5000000 ÷ 8"). */
  cacheLabel?: string;
}

export interface PolicyTiming {
  key: PolicyKey;
  /** Wall-clock seconds in the policy code. */
  seconds: number;
  /** CPU seconds of this process in it (Node only; null in browsers): robust to a busy machine. */
  cpuSeconds: number | null;
  /** Ids the policy processed: unique rows per batch (FAE: raw ids, it re-batches examples). */
  ids: number;
}

export interface ReplayResult {
  trace: PreparedTrace;
  counts: PolicyCounts[];
  timings: PolicyTiming[];
  prepareSeconds: number;
  prepareCpuSeconds: number | null;
  fae: { hotRows: number; aboveThreshold: number; capped: boolean };
}

export interface ReplayHooks {
  signal: AbortSignal;
  progress(fraction: number, message: string): void;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** This process's CPU time in seconds where the runtime offers it (Node), else null (browsers). */
function cpuNow(): number | null {
  const proc = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process;
  if (!proc?.cpuUsage) return null;
  const u = proc.cpuUsage();
  return (u.user + u.system) / 1e6;
}

interface Spent {
  seconds: number;
  cpuSeconds: number | null;
}

function timed(f: () => void, into: Spent): void {
  const c0 = cpuNow();
  const t0 = performance.now();
  f();
  into.seconds += (performance.now() - t0) / 1000;
  const c1 = cpuNow();
  into.cpuSeconds = c0 === null || c1 === null || into.cpuSeconds === null ? null : into.cpuSeconds + (c1 - c0);
}

/** Runs `advance` over all batches in chunks of about 2 M ids; returns the time spent in it. */
async function stepped(
  total: number,
  idsPerBatch: number,
  advance: (until: number) => void,
  hooks: ReplayHooks,
  report: (done: number) => void,
): Promise<Spent> {
  const chunk = Math.max(1, Math.floor(2_000_000 / Math.max(1, idsPerBatch)));
  const spent: Spent = { seconds: 0, cpuSeconds: 0 };
  for (let b = 0; b < total; b += chunk) {
    timed(() => advance(b + chunk), spent);
    report(Math.min(total, b + chunk));
    await tick();
    throwIfAborted(hooks.signal);
  }
  return spent;
}

export async function prepareStepped(
  source: TraceSource,
  trainers: number,
  hooks: ReplayHooks,
  share = 0.3,
): Promise<{ trace: PreparedTrace; spent: Spent }> {
  const builder = new TraceBuilder(source, trainers);
  const spent = await stepped(
    source.numBatches,
    source.maxBatchIds,
    (u) => builder.advance(u),
    hooks,
    (done) => hooks.progress((share * done) / source.numBatches, `preparing the trace: batch ${done}`),
  );
  let trace: PreparedTrace | undefined;
  timed(() => (trace = builder.finish()), spent);
  return { trace: trace!, spent };
}

export function checkCapacity(trace: PreparedTrace, cacheRows: number, label = `cacheRows = ${cacheRows}`): void {
  if (cacheRows < trace.maxUnique)
    throw new UserInputError(
      `${label} is smaller than batch ${trace.maxUniqueBatch}'s ${trace.maxUnique} unique rows: ` +
        'a batch being trained is never evicted, so the cache must hold the largest batch',
    );
}

export async function replayPolicies(
  source: TraceSource,
  trace: PreparedTrace,
  o: ReplayOptions,
  hooks: ReplayHooks,
  from = 0.3,
): Promise<Omit<ReplayResult, 'trace' | 'prepareSeconds' | 'prepareCpuSeconds'>> {
  checkCapacity(trace, o.cacheRows, o.cacheLabel);
  const fae = new FaeReplay(trace, source, o.faeThreshold, o.cacheRows);
  const make: (() => SteppedPolicy)[] = [
    () => new NoCache(trace),
    () => new LookaheadOne(trace),
    () => new LruCache(trace, o.cacheRows),
    () => fae,
    () => new OracleCacher(trace, o.lookahead, o.cleanupFraction),
    () => new BeladyMin(trace, o.cacheRows),
  ];
  const policies = make.map((f) => f());
  // Warm-up (untimed): a throwaway replay of the first batches lets the JIT compile the hot loops,
  // so a short replay's speed is not mostly compilation. FAE re-reads the source, so it is skipped.
  for (const f of make) {
    const p = f();
    if (p === fae) continue;
    p.advance(Math.min(trace.numBatches, 20));
    p.finish();
  }
  const counts: PolicyCounts[] = [];
  const timings: PolicyTiming[] = [];
  const uniquePerBatch = trace.rows.length / Math.max(1, trace.numBatches);
  for (const [k, p] of policies.entries()) {
    const raw = p.key === 'fae';
    const B = raw ? source.numBatches : trace.numBatches;
    const spent = await stepped(
      B,
      raw ? source.maxBatchIds : uniquePerBatch,
      (u) => p.advance(u),
      hooks,
      (done) =>
        hooks.progress(
          from + ((1 - from) * (k + done / B)) / policies.length,
          `replaying ${p.key}: batch ${done}/${B}`,
        ),
    );
    timed(() => counts.push(p.finish()), spent);
    timings.push({ key: p.key, ...spent, ids: raw ? trace.accesses : trace.rows.length });
  }
  return { counts, timings, fae: { hotRows: fae.hotRows, aboveThreshold: fae.aboveThreshold, capped: fae.capped } };
}
