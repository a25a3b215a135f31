// The Node half of `npm run bench`: the Bagpipe Oracle Cacher and LRU replaying a Criteo-like
// trace on this process's one JavaScript thread (src/experiments/bagpipe/replayBench.ts). The
// browser cases measure GPU kernels; this one measures CPU code, so it runs here, in Node, where
// the "≥ 10 M ids/s on one core" is stated. Measured; nothing asserts a speed.
import { runReplayBench, type ReplayBenchResult, type ReplayBenchSpec } from '../src/experiments/bagpipe/replayBench';

/** small: a 200-batch trace on tables ÷ 16 (seconds); otherwise the 10⁴ batches on the real tables. */
export function replayBenchSpec(size: 'auto' | 'small' | 'realistic'): ReplayBenchSpec {
  return size === 'small'
    ? { batches: 200, examplesPerBatch: 630, tableScale: 16, repeats: 3 }
    : { batches: 10_000, examplesPerBatch: 630, tableScale: 1, repeats: 3 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

export function runReplaySection(size: 'auto' | 'small' | 'realistic', log: (line: string) => void) {
  const spec = replayBenchSpec(size);
  log(`Bagpipe replay benchmark (Node, one thread): ${spec.batches} batches × ${spec.examplesPerBatch * 26} ids`);
  const r: ReplayBenchResult = runReplayBench(spec);
  const summary = (['oracle', 'lru'] as const).map((policy) => {
    const runs = r.runs.filter((x) => x.policy === policy);
    return {
      policy,
      medianIdsPerSecond: median(runs.map((x) => x.idsPerSecond)),
      bestIdsPerSecond: Math.max(...runs.map((x) => x.idsPerSecond)),
      medianWallIdsPerSecond: median(runs.map((x) => x.ids / x.seconds)),
    };
  });
  const perCpu = r.runs.every((x) => x.cpuSeconds !== null);
  const M = (v: number) => `${(v / 1e6).toFixed(1)} M`;
  const lines = [
    `Bagpipe replay (Node, one JavaScript thread; Criteo-like trace: ${spec.batches} batches × ${spec.examplesPerBatch * 26} ids, ` +
      `tables ÷ ${spec.tableScale}, ${r.uniqueIds} unique-per-batch ids, ${r.rows} rows; ${spec.repeats} replays each):`,
    ...summary.map(
      (s) =>
        `  ${s.policy === 'oracle' ? 'Oracle Cacher (L = 200)' : 'LRU (5 M rows ÷ scale)'}: ` +
        `${M(s.medianIdsPerSecond)} ids/s median, ${M(s.bestIdsPerSecond)} best ` +
        `(${perCpu ? 'per CPU second of this process' : 'per wall second'}; wall clock ${M(s.medianWallIdsPerSecond)} ids/s) — target ≥ 10 M`,
    ),
  ];
  return { lines, json: { provenance: 'measured', ...r, summary } };
}
