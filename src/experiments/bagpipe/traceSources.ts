// Where a replayed trace comes from: a seeded generator (Criteo-Kaggle-like, Avazu-like, uniform)
// or the user's file. Sources hand out one batch at a time so a long trace is never held twice:
// the generator regenerates batch b from its own forked RNG stream, so FAE's second pass sees
// exactly the same ids.
//
// Generator: every example reads one row of every table; the row's rank follows powerLaw.ts with
// exponent s; rank r of table t becomes row id offset_t + (a_t·r + c_t) mod n_t, a bijection that
// scatters the popular rows over the table (otherwise "lower id first" tie rules would favour them).
import { createRng } from '../../data/pcg32';
import { gTotalOf, sampleRank } from './powerLaw';
import { numBatchesOf, type RawTrace } from './traceFile';

export interface TraceSource {
  name: string;
  numBatches: number;
  /** Upper bound on the raw ids of one batch. */
  maxBatchIds: number;
  /** Writes batch b's raw ids (example after example) into out; returns how many. */
  fill(b: number, out: Int32Array): number;
  /** Ids per example when fixed (generators: one per table); null: a batch is one example (files). */
  idsPerExample: number | null;
  /** Number of tables, and the table of a row id (FAE's hot threshold is a share of its table). */
  numTables: number;
  tableOf(id: number): number;
  /** One more than the largest id that can occur. */
  idSpace: number;
}

export interface GeneratorSpec {
  name: string;
  tables: readonly number[];
  exponent: number;
  examplesPerBatch: number;
  numBatches: number;
  seed: number;
}

const gcd = (a: number, b: number): number => {
  while (b) [a, b] = [b, a % b];
  return a;
};

/** A multiplier coprime with n near n/φ, so consecutive ranks land far apart. */
export function scatterMultiplier(n: number): number {
  if (n <= 2) return 1;
  let a = Math.floor(n * 0.6180339887498949) | 1;
  while (gcd(a, n) !== 1) a += 2;
  return a % n;
}

export function generatorSource(spec: GeneratorSpec): TraceSource {
  const T = spec.tables.length;
  const sizes = Float64Array.from(spec.tables);
  const offsets = new Float64Array(T + 1);
  for (let t = 0; t < T; t++) offsets[t + 1] = offsets[t]! + sizes[t]!;
  const mult = Float64Array.from(spec.tables, scatterMultiplier);
  const shift = Float64Array.from(spec.tables, (n) => Math.floor(n / 3));
  const gTotal = Float64Array.from(spec.tables, (n) => gTotalOf(n, spec.exponent));
  const s = spec.exponent;
  const E = spec.examplesPerBatch;
  const root = createRng(spec.seed);
  return {
    name: spec.name,
    numBatches: spec.numBatches,
    maxBatchIds: E * T,
    idsPerExample: T,
    numTables: T,
    idSpace: offsets[T]!,
    fill(b, out) {
      const rng = root.fork(b);
      let k = 0;
      for (let e = 0; e < E; e++) {
        for (let t = 0; t < T; t++) {
          const n = sizes[t]!;
          // 32-bit uniform in (0, 1): the 24-bit nextFloat could not reach the rarest rows.
          const u = (rng.nextU32() + 0.5) / 4294967296;
          const r = s === 0 ? Math.floor(u * n) : sampleRank(u, n, s, gTotal[t]!);
          out[k++] = offsets[t]! + ((mult[t]! * r + shift[t]!) % n);
        }
      }
      return k;
    },
    tableOf(id) {
      let lo = 0;
      let hi = T - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (offsets[mid]! <= id) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    },
  };
}

export function fileSource(trace: RawTrace): TraceSource {
  const B = numBatchesOf(trace);
  let maxIds = 0;
  for (let b = 0; b < B; b++) maxIds = Math.max(maxIds, trace.batchStart[b + 1]! - trace.batchStart[b]!);
  let maxId = 0;
  for (let k = 0; k < trace.ids.length; k++) if (trace.ids[k]! > maxId) maxId = trace.ids[k]!;
  return {
    name: trace.name,
    numBatches: B,
    maxBatchIds: maxIds,
    idsPerExample: null,
    numTables: 1,
    idSpace: maxId + 1,
    fill(b, out) {
      const a = trace.batchStart[b]!;
      const z = trace.batchStart[b + 1]!;
      out.set(trace.ids.subarray(a, z));
      return z - a;
    },
    tableOf: () => 0,
  };
}
