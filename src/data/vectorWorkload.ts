// Streaming update/query workloads for index-maintenance experiments (Ada-IVF §5.1.2 knobs):
//  - initial size s0 (fraction of all vectors indexed before the stream starts);
//  - update batches of s_u operations, a share of them deletes of random live vectors;
//  - cluster sampling fraction CSF: each batch inserts from a window of CSF·G of the G groups
//    (mixture components, or labels of a real set); the window slides over time, so updates are
//    localized when CSF < 1 [assump: the paper's exact sampling rule is not in our notes];
//  - read/write ratio r_rw: r_rw · s_u queries per batch, localized (from a fixed hot set of
//    queryFocus·G groups, so most updates land in partitions that are rarely read — the skew the
//    paper reports for its internal trace) or uniform (from every group seen so far);
//  - evaluation query sets at checkpoints, drawn from the same query distribution.
// Inserted vectors get ids in stream order, so each batch inserts a contiguous id range and the
// whole set can sit in one GPU buffer from the start.
import type { DriftingMixture } from './gaussianMixture';
import type { Rng } from './pcg32';
import { VectorFileError } from './fvecs';

export interface WorkloadSpec {
  initialFraction: number;
  batchSize: number;
  deleteFraction: number;
  clusterSamplingFraction: number;
  readWriteRatio: number;
  queryMode: 'uniform' | 'localized';
  /** Share of the groups that localized queries come from (the hot set). */
  queryFocus: number;
  evalQueries: number;
  checkpoints: number;
}

export interface UpdateBatch {
  /** Inserted ids are insertStart .. insertEnd-1. */
  insertStart: number;
  insertEnd: number;
  deletes: Int32Array;
  /** [queries, d] read traffic served after the batch. */
  queries: Float32Array;
  groups: number[];
}

export interface VectorWorkload {
  d: number;
  /** Every vector ever inserted, in insert order [N, d]. */
  data: Float32Array;
  group: Int32Array;
  groupCount: number;
  /** Ids 0 .. initial-1 form the index before the first batch. */
  initial: number;
  batches: UpdateBatch[];
  /** Batch index after which an evaluation runs (0 = right after the initial build) → queries. */
  evaluations: Map<number, Float32Array>;
  /** Groups localized queries come from. */
  hotGroups: number[];
  source: string;
}

/** Draws query vectors for a set of groups (mixture: fresh samples; real data: held-out rows). */
export type QuerySampler = (groups: number[], tau: number, count: number, rng: Rng) => Float32Array;

/** Window of CSF·G consecutive groups for batch t of T, sliding from the first to the last groups. */
export function activeGroups(G: number, csf: number, t: number, T: number): number[] {
  const w = Math.max(1, Math.min(G, Math.round(csf * G)));
  const start = Math.round(((G - w) * (t - 1)) / Math.max(1, T - 1));
  return Array.from({ length: w }, (_, i) => start + i);
}

export function checkpointBatches(T: number, checkpoints: number): number[] {
  const set = new Set<number>([0]);
  for (let j = 1; j <= checkpoints; j++) set.add(Math.round((j * T) / checkpoints));
  return [...set].sort((a, b) => a - b);
}

/** Random deletes + query sets over a fixed insert order (shared by both sources). */
export function scheduleStream(
  insertGroups: Int32Array,
  initial: number,
  T: number,
  perBatch: number[],
  spec: WorkloadSpec,
  sampleQueries: QuerySampler,
  rng: Rng,
  batchGroups: (t: number) => number[],
  G: number,
): { batches: UpdateBatch[]; evaluations: Map<number, Float32Array>; hotGroups: number[] } {
  const live: number[] = Array.from({ length: initial }, (_, i) => i);
  const seen = new Set<number>();
  for (let i = 0; i < initial; i++) seen.add(insertGroups[i]!);
  const deletesPerBatch = Math.round(spec.batchSize * spec.deleteFraction);
  const queriesPerBatch = Math.round(spec.readWriteRatio * spec.batchSize);
  const checkpoints = new Set(checkpointBatches(T, spec.checkpoints));
  const hotGroups = rng
    .shuffle(Array.from({ length: G }, (_, g) => g))
    .slice(0, Math.max(1, Math.round(spec.queryFocus * G)))
    .sort((a, b) => a - b);
  const queryGroups = (): number[] => {
    const all = [...seen].sort((a, b) => a - b);
    if (spec.queryMode !== 'localized') return all;
    const hot = hotGroups.filter((g) => seen.has(g));
    return hot.length ? hot : all;
  };
  const evaluations = new Map<number, Float32Array>();
  if (checkpoints.has(0)) evaluations.set(0, sampleQueries(queryGroups(), 0, spec.evalQueries, rng));
  const batches: UpdateBatch[] = [];
  let next = initial;
  for (let t = 1; t <= T; t++) {
    const deletes = new Int32Array(Math.min(deletesPerBatch, live.length));
    for (let i = 0; i < deletes.length; i++) {
      const j = rng.int(live.length);
      deletes[i] = live[j]!;
      live[j] = live[live.length - 1]!;
      live.pop();
    }
    const insertStart = next;
    next += perBatch[t - 1]!;
    for (let id = insertStart; id < next; id++) {
      live.push(id);
      seen.add(insertGroups[id]!);
    }
    const tau = t / T;
    const groups = batchGroups(t);
    batches.push({
      insertStart,
      insertEnd: next,
      deletes,
      queries: sampleQueries(queryGroups(), tau, queriesPerBatch, rng),
      groups,
    });
    if (checkpoints.has(t)) evaluations.set(t, sampleQueries(queryGroups(), tau, spec.evalQueries, rng));
  }
  return { batches, evaluations, hotGroups };
}

function batchPlan(total: number, spec: WorkloadSpec): { initial: number; T: number; perBatch: number[] } {
  const initial = Math.max(1, Math.round(total * spec.initialFraction));
  const inserts = Math.max(1, spec.batchSize - Math.round(spec.batchSize * spec.deleteFraction));
  const T = Math.max(1, Math.ceil((total - initial) / inserts));
  const perBatch = Array.from({ length: T }, (_, t) => Math.min(inserts, total - initial - t * inserts));
  return { initial, T, perBatch: perBatch.map((v) => Math.max(0, v)) };
}

/** A stream drawn from a drifting Gaussian mixture. */
export function mixtureWorkload(mix: DriftingMixture, total: number, spec: WorkloadSpec, rng: Rng): VectorWorkload {
  const { dim: d, components: G } = mix.spec;
  const { initial, T, perBatch } = batchPlan(total, spec);
  const data = new Float32Array(total * d);
  const group = new Int32Array(total);
  const batchGroups = (t: number) => activeGroups(G, spec.clusterSamplingFraction, t, T);
  let id = 0;
  for (; id < initial; id++) {
    group[id] = rng.int(G);
    mix.sample(group[id]!, 0, rng, data, id * d);
  }
  for (let t = 1; t <= T; t++) {
    const groups = batchGroups(t);
    for (let i = 0; i < perBatch[t - 1]!; i++, id++) {
      group[id] = groups[rng.int(groups.length)]!;
      mix.sample(group[id]!, t / T, rng, data, id * d);
    }
  }
  const sampleQueries: QuerySampler = (groups, tau, count, r) => {
    const q = new Float32Array(count * d);
    for (let i = 0; i < count; i++) mix.sample(groups[r.int(groups.length)]!, tau, r, q, i * d);
    return q;
  };
  const s = scheduleStream(group, initial, T, perBatch, spec, sampleQueries, rng, batchGroups, G);
  return {
    d,
    data,
    group,
    groupCount: G,
    initial,
    ...s,
    source: `drifting Gaussian mixture (${G} components, d=${d})`,
  };
}

/**
 * A stream over a real labelled set in a non-random order: rows sorted by label (stable), so the
 * index is built on the first labels and later labels arrive as drift. A share `holdout` of each
 * label is kept out of the index as the query pool (queries are never exact base vectors), unless
 * separate `queryRows` [m, d] are given: then every row is indexed and queries are drawn
 * uniformly from queryRows (they carry no labels, so "localized" cannot apply to them).
 */
export function labelledWorkload(
  vectors: Float32Array,
  labels: Int32Array,
  d: number,
  spec: WorkloadSpec,
  rng: Rng,
  source: string,
  holdout = 0.1,
  queryRows?: Float32Array,
): VectorWorkload {
  const rows = labels.length;
  if (rows < MIN_STREAM_ROWS) {
    throw new VectorFileError(
      `${source}: ${rows} vectors are too few to stream (need at least ${MIN_STREAM_ROWS}: an initial index, update batches and held-out queries)`,
    );
  }
  const byLabel = new Map<number, number[]>();
  for (let r = 0; r < rows; r++) {
    const l = labels[r]!;
    if (!byLabel.has(l)) byLabel.set(l, []);
    byLabel.get(l)!.push(r);
  }
  const labelIds = [...byLabel.keys()].sort((a, b) => a - b);
  const pool = new Map<number, number[]>();
  const order: number[] = [];
  labelIds.forEach((l, g) => {
    const members = rng.shuffle([...byLabel.get(l)!]);
    const held = queryRows ? 0 : Math.min(members.length - 1, Math.max(1, Math.round(members.length * holdout)));
    pool.set(g, members.slice(0, held));
    order.push(...members.slice(held).sort((a, b) => a - b));
  });
  const total = order.length;
  const queryable = labelIds.map((_, g) => g).filter((g) => pool.get(g)!.length > 0);
  if (!queryRows && queryable.length === 0) {
    throw new VectorFileError(
      `${source}: every label has a single row, so none can hold out a query vector; give each label at least 2 rows (or a separate query file)`,
    );
  }
  const singles = labelIds.filter((_, g) => pool.get(g)!.length === 0);
  if (!queryRows && singles.length) {
    source += `; label${singles.length > 1 ? 's' : ''} ${singles.slice(0, 5).join(', ')}${singles.length > 5 ? ', …' : ''} with a single row give no queries`;
  }
  const data = new Float32Array(total * d);
  const group = new Int32Array(total);
  const groupOfRow = new Map(labelIds.map((l, g) => [l, g]));
  order.forEach((r, i) => {
    data.set(vectors.subarray(r * d, (r + 1) * d), i * d);
    group[i] = groupOfRow.get(labels[r]!)!;
  });
  const { initial, T, perBatch } = batchPlan(total, spec);
  const starts = [initial];
  for (const n of perBatch) starts.push(starts[starts.length - 1]! + n);
  const batchGroups = (t: number) =>
    [...new Set(Array.from(group.subarray(starts[t - 1]!, starts[t]!)))].sort((a, b) => a - b);
  const sampleQueries: QuerySampler = (groups, _tau, count, r) => {
    const q = new Float32Array(count * d);
    if (queryRows) {
      const m = queryRows.length / d;
      for (let i = 0; i < count; i++) {
        const row = r.int(m);
        q.set(queryRows.subarray(row * d, (row + 1) * d), i * d);
      }
      return q;
    }
    // A label with a single row keeps it in the index and has no held-out query: such groups are left
    // out; if none of the requested groups has queries, any label that has them stands in.
    const usable = groups.filter((g) => pool.get(g)!.length > 0);
    const from = usable.length ? usable : queryable;
    for (let i = 0; i < count; i++) {
      const p = pool.get(from[r.int(from.length)]!)!;
      const row = p[r.int(p.length)]!;
      q.set(vectors.subarray(row * d, (row + 1) * d), i * d);
    }
    return q;
  };
  if (total < 2) throw new VectorFileError(`${source}: needs at least 2 vectors to stream, got ${total}`);
  const s = scheduleStream(group, initial, T, perBatch, spec, sampleQueries, rng, batchGroups, labelIds.length);
  return { d, data, group, groupCount: labelIds.length, initial, ...s, source };
}

/** Fewest rows a vector file may have to be streamed (initial build, batches, held-out queries). */
export const MIN_STREAM_ROWS = 10;

/**
 * Group labels for an unlabelled set streamed in file order: `chunks` contiguous runs of rows, at
 * most rows/2 of them so every run has ≥ 2 rows (one indexed, one held out as a query).
 */
export function fileOrderLabels(rows: number, maxChunks = 10): Int32Array {
  const chunks = Math.max(1, Math.min(maxChunks, Math.floor(rows / 2)));
  return Int32Array.from({ length: rows }, (_, i) => Math.floor((i * chunks) / rows));
}
