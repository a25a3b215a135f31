// Tables, checks and metrics of the Run's exact replay: per-policy counts (exact, for the replayed
// trace), the measured replay speed on this machine, and the closed forms of expected.ts checked
// against the replay at the replay's own scale.
import type { Check, Column, Metric, Table } from '../types';
import type { ExpectedResult } from './expected';
import { policyColumns, policyRow } from './modelView';
import { hitRate, POLICY_LABELS, type PolicyCounts, type PolicyKey } from './policyTypes';
import type { ReplayResult } from './replay';

export function policiesTable(r: ReplayResult, trainers: number, embDim: number, title: string): Table {
  return {
    id: 'policies',
    title,
    columns: policyColumns('computed', false),
    rows: r.counts.map((c) => policyRow(c, trainers, embDim, false)),
    note:
      'Exact counts over the whole replayed trace (transfers summed over all trainers; an all-reduced row counts once). ' +
      'Every row fetched is written back once: on eviction, at a phase switch (FAE) or at the end of the trace.',
  };
}

/**
 * The shortest time a replay speed is computed from: browsers coarsen performance.now() to 0.1 ms
 * (and Node's CPU clock ticks in about 1 ms steps), so below 5 ms the quotient is mostly clock
 * quantisation — a tiny replay would read as millions of ids/s, or Infinity at 0.
 */
export const MIN_TIMED_SECONDS = 0.005;

/**
 * Ids per second: per CPU second where the runtime reports CPU time (Node), else per wall second;
 * NaN when the time is too short to measure (MIN_TIMED_SECONDS).
 */
export function idsPerSecond(t: { ids: number; seconds: number; cpuSeconds: number | null }): number {
  const s = t.cpuSeconds !== null && t.cpuSeconds >= MIN_TIMED_SECONDS ? t.cpuSeconds : t.seconds;
  return s >= MIN_TIMED_SECONDS ? t.ids / s : NaN;
}

const TOO_SHORT = 'too short to time';
const speedValue = (v: number): number | string => (Number.isNaN(v) ? TOO_SHORT : v);
const speedUnit = (v: number) => (Number.isNaN(v) ? undefined : 'ids/s');
const speedNote = (v: number, basis: string) =>
  Number.isNaN(v)
    ? `this replay took under ${1000 * MIN_TIMED_SECONDS} ms; raise "Batches to replay" or lower "Replay scale-down factor" (generated traces) to time it`
    : `${basis}; target ≥ 10 M ids/s on one core`;

export function throughputTable(r: ReplayResult): Table {
  const col = (key: string, label: string, unit?: string, type: 'number' | 'string' = 'number'): Column => ({
    key,
    label,
    unit,
    type,
    provenance: 'measured',
  });
  // Speeds from times under MIN_TIMED_SECONDS are left blank (clock quantisation, not speed).
  const per = (ids: number, s: number | null) => (s !== null && s >= MIN_TIMED_SECONDS ? ids / s : null);
  const row = (name: string, ids: number, seconds: number, cpu: number | null) => [
    name,
    ids,
    seconds,
    per(ids, seconds),
    cpu,
    per(ids, cpu),
  ];
  const rows = r.timings.map((t) => row(POLICY_LABELS[t.key], t.ids, t.seconds, t.cpuSeconds));
  rows.push(
    row(
      'Trace preparation (generate or read, de-duplicate, sort)',
      r.trace.accesses,
      r.prepareSeconds,
      r.prepareCpuSeconds,
    ),
  );
  return {
    id: 'throughput',
    title: 'Replay speed on this machine (one JavaScript thread)',
    columns: [
      col('policy', 'Policy', undefined, 'string'),
      col('ids', 'Ids processed'),
      col('seconds', 'Wall time', 's'),
      col('idsPerSecond', 'Speed (wall clock)', 'ids/s'),
      col('cpuSeconds', 'CPU time', 's'),
      col('idsPerCpuSecond', 'Speed per CPU second', 'ids/s'),
    ],
    rows,
    note:
      "Policies process each batch's unique ids (FAE re-reads the raw trace to re-batch examples); preparation counts raw ids. " +
      "CPU time (Node only) is this process's, so a busy machine slows the wall clock but not it. Short replays include JIT warm-up.",
  };
}

export function replayMetrics(r: ReplayResult): Metric[] {
  const timing = (k: PolicyKey) => r.timings.find((x) => x.key === k)!;
  const basis = (k: PolicyKey) =>
    timing(k).cpuSeconds !== null ? 'per CPU second of this process' : 'per wall-clock second';
  const rate = (k: PolicyKey) => 100 * hitRate(r.counts.find((c) => c.key === k)!);
  return [
    {
      key: 'oracleIdsPerSecond',
      label: 'Oracle Cacher replay speed',
      value: speedValue(idsPerSecond(timing('oracle'))),
      unit: speedUnit(idsPerSecond(timing('oracle'))),
      provenance: 'measured',
      note: speedNote(idsPerSecond(timing('oracle')), basis('oracle')),
    },
    {
      key: 'lruIdsPerSecond',
      label: 'LRU replay speed',
      value: speedValue(idsPerSecond(timing('lru'))),
      unit: speedUnit(idsPerSecond(timing('lru'))),
      provenance: 'measured',
      note: speedNote(idsPerSecond(timing('lru')), basis('lru')),
    },
    {
      key: 'replayOracleHitRate',
      label: 'Oracle Cacher hit rate (replay)',
      value: rate('oracle'),
      unit: '%',
      provenance: 'computed',
    },
    { key: 'replayLruHitRate', label: 'LRU hit rate (replay)', value: rate('lru'), unit: '%', provenance: 'computed' },
    {
      key: 'replayBeladyHitRate',
      label: 'Belady hit-rate bound (replay)',
      value: rate('belady'),
      unit: '%',
      provenance: 'computed',
    },
  ];
}

const COMPARED: { key: PolicyKey; field: keyof PolicyCounts; exact: boolean }[] = [
  { key: 'none', field: 'misses', exact: true },
  { key: 'none', field: 'fetchedRows', exact: true },
  { key: 'la1', field: 'fetchedRows', exact: true },
  { key: 'oracle', field: 'hits', exact: true },
  { key: 'oracle', field: 'misses', exact: true },
  { key: 'oracle', field: 'allReducedNow', exact: true },
  { key: 'oracle', field: 'allReducedLater', exact: true },
  { key: 'oracle', field: 'noSyncRows', exact: true },
  { key: 'oracle', field: 'fetchedRows', exact: true },
  { key: 'oracle', field: 'peakRows', exact: true },
  { key: 'lru', field: 'hits', exact: false },
  { key: 'fae', field: 'hits', exact: false },
];

/**
 * The closed forms against the replay of the same generated trace. Exact expectations become checks
 * with a statistical tolerance (1 % + 5/√expected); the approximations (LRU by Che, FAE with a
 * profile from the distribution instead of the trace's counts) are only listed.
 */
export function closedFormComparison(r: ReplayResult, e: ExpectedResult): { table: Table; checks: Check[] } {
  const rows: (string | number)[][] = [];
  const checks: Check[] = [];
  for (const { key, field, exact } of COMPARED) {
    const got = r.counts.find((c) => c.key === key)![field] as number;
    const want = e.counts.find((c) => c.key === key)![field] as number;
    const rel = want === 0 ? (got === 0 ? 0 : Infinity) : Math.abs(got - want) / want;
    const tolerance = 0.01 + 5 / Math.sqrt(Math.max(1, want));
    rows.push([
      POLICY_LABELS[key],
      field,
      got,
      want,
      want === 0 ? 0 : (100 * (got - want)) / want,
      exact ? 'exact expectation' : 'approximation',
    ]);
    if (exact)
      checks.push({
        name: `closed form = replay: ${key} ${field}`,
        maxAbsError: Math.abs(got - want),
        maxRelError: rel,
        tolerance,
        passed: rel <= tolerance,
        detail: `replay ${got}, closed form ${want.toFixed(1)}`,
      });
  }
  return {
    table: {
      id: 'closed-form-vs-replay',
      title: 'Closed forms (used by the live model at paper scale) against the exact replay, same scale',
      columns: [
        { key: 'policy', label: 'Policy', type: 'string', provenance: 'computed' },
        { key: 'quantity', label: 'Quantity', type: 'string', provenance: 'computed' },
        { key: 'replay', label: 'Replay', type: 'number', provenance: 'computed' },
        { key: 'closedForm', label: 'Closed form', type: 'number', provenance: 'modeled' },
        { key: 'difference', label: 'Difference', unit: '%', type: 'number', provenance: 'modeled' },
        { key: 'kind', label: 'Kind', type: 'string', provenance: 'modeled' },
      ],
      rows,
      note: "FAE's closed form profiles the distribution itself; the replay profiles the replayed trace, where on a short trace nearly every row seen passes the threshold, so the two differ by design.",
    },
    checks,
  };
}
