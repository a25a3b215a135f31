// The multi-trainer half of the GPU run: P data-parallel trainers on one GPU (dataParallel.ts),
// trained twice from the same start on the same batches and the same P shards —
//   synchronous  no cache: every trainer receives the batch's rows, and every trainer's gradient
//                of every touched row is all-reduced every iteration (one trainer writes back);
//   Bagpipe      each trainer keeps its own GPU slot cache fed by the Oracle Cacher's messages
//                (cacheSchedule.ts) and synchronises rows as syncPlan.ts decides: sync_now rows
//                all-reduced right after the backward pass, sync_later rows parked and all-reduced
//                before the row is next read (or before its write-back), no_sync rows applied by
//                their owner alone (who writes them back).
// Both sum each row's P gradients in trainer order and apply one update per use, so the loss
// curves and final tables must agree bit for bit; the rows all-reduced now / later / not at all
// are counted as the run executes them. Each trainer's gradient is weighted B_p/E (its share of
// the batch mean), so synchronous P-trainer training is one trainer's batch-mean training up to
// f32 summation order — the independent check kernelRun.ts makes against its uncached run. Both
// runs end by reading every trainer's MLP replica back, which must all be identical.
import type { Gpu } from '../../gpu/gpu';
import { BufferSet } from '../../gpu/resources';
import { SlotCache, type DlrmDims, type DlrmOptimizer, type DlrmParams, type Evicted } from '../../kernels/recsys';
import { throwIfAborted } from '../runner';
import type { RunContext } from '../types';
import { CacheSchedule, type PrefetchGroup } from './cacheSchedule';
import { DataParallel, type RowUpdate, type TrainerRows } from './dataParallel';
import type { PreparedTrace } from './preparedTrace';
import { ShardTrainer } from './shardTrainer';
import { shardRange, type BatchSync } from './syncPlan';

export interface ShardBatch {
  dense: Float32Array;
  labels: Float32Array;
  /** Lookups as dense rows, example-major. */
  ids: Int32Array;
}

export interface DpInput {
  trace: PreparedTrace;
  batches: ShardBatch[];
  plan: BatchSync[];
  P: number;
  E: number;
  denseIn: number;
  base: Omit<DlrmDims, 'B' | 'tableRows' | 'maxNnz'>;
  init: DlrmParams;
  opt: DlrmOptimizer;
  server0: Float32Array;
}

export interface TrainerCounts {
  /** Σ over steps of its shard's distinct rows (gradient rows it computed). */
  shardRows: number;
  /** Of those: in sync_now all-reduces, parked for sync_later, applied without sync (its no_sync rows). */
  now: number;
  later: number;
  none: number;
  /** Row updates applied to its own copy, and rows it received from the embedding server. */
  updates: number;
  received: number;
}

export interface DpStats {
  /** Mean loss over the batch, per step; and per trainer (its shard's mean). */
  losses: number[];
  shardLosses: number[][];
  server: Float32Array;
  /** The server's Adagrad state per row (zeros with SGD). */
  serverAcc: Float32Array;
  /** Each trainer's MLP replica at the end (ShardTrainer.readDense order). */
  dense: Float32Array[];
  /** Rows (each once) all-reduced now, later, not at all; later ones flushed before a use, a write-back, the end. */
  rows: { now: number; later: number; none: number };
  flushed: { beforeUse: number; beforeWriteBack: number };
  perTrainer: TrainerCounts[];
  writtenBackRows: number;
  /** First problem seen (a trainer's copy of a synchronised row differing, a slot decision off), or null. */
  mismatch: string | null;
}

const oneHotOffsets = (n: number) => Uint32Array.from({ length: n + 1 }, (_, i) => i);

function shardDims(inp: DpInput, p: number, tableRows: number): DlrmDims {
  const [from, to] = shardRange(p, inp.E, inp.P);
  return { ...inp.base, B: to - from, tableRows, maxNnz: (to - from) * inp.base.T };
}

function shardOf(inp: DpInput, b: number, p: number) {
  const [from, to] = shardRange(p, inp.E, inp.P);
  const x = inp.batches[b]!;
  const T = inp.base.T;
  return {
    dense: x.dense.slice(from * inp.denseIn, to * inp.denseIn),
    labels: x.labels.slice(from, to),
    ids: x.ids.subarray(from * T, to * T),
    offsets: oneHotOffsets((to - from) * T),
  };
}

function emptyStats(inp: DpInput): DpStats {
  return {
    losses: [],
    shardLosses: Array.from({ length: inp.P }, () => []),
    server: inp.server0.slice(),
    serverAcc: new Float32Array(inp.server0.length),
    dense: [],
    rows: { now: 0, later: 0, none: 0 },
    flushed: { beforeUse: 0, beforeWriteBack: 0 },
    perTrainer: Array.from({ length: inp.P }, () => ({
      shardRows: 0,
      now: 0,
      later: 0,
      none: 0,
      updates: 0,
      received: 0,
    })),
    writtenBackRows: 0,
    mismatch: null,
  };
}

function recordLosses(inp: DpInput, s: DpStats, loss: Float32Array): void {
  let all = 0;
  for (let p = 0; p < inp.P; p++) {
    const [from, to] = shardRange(p, inp.E, inp.P);
    let sum = 0;
    for (let e = from; e < to; e++) sum += loss[e]!;
    all += sum;
    s.shardLosses[p]!.push(sum / Math.max(1, to - from));
  }
  s.losses.push(all / inp.E);
}

/** Per trainer, position of each row in its shard's gradient (from the sync plan's sorted shards). */
const positions = (sync: BatchSync) => sync.shards.map((r) => new Map(Array.from(r, (x, k) => [x, k])));

/** Staging rows of row x's P gradients (−1 where a trainer's shard lacks it). */
const stageSources = (pos: Map<number, number>[], M: number, x: number) =>
  pos.map((m, p) => (m.has(x) ? p * M + m.get(x)! : -1));

/** Synchronous data-parallel training without a cache. */
export async function trainSyncDataParallel(
  gpu: Gpu,
  inp: DpInput,
  ctx: RunContext,
  progress: (f: number) => void,
): Promise<DpStats> {
  const { trace, P } = inp;
  const d = inp.base.dim;
  const U = trace.maxUnique;
  const s = emptyStats(inp);
  const serverAcc = s.serverAcc;
  const owned = new BufferSet();
  const trainers: ShardTrainer[] = [];
  let dp: DataParallel | null = null;
  try {
    const rowBufs: TrainerRows[] = [];
    for (let p = 0; p < P; p++) {
      const table = owned.add(gpu.createBuffer(U * d * 4, `sync${p}.rows`));
      const acc = owned.add(gpu.createBuffer(U * d * 4, `sync${p}.acc`));
      rowBufs.push({ table, acc, rows: U });
      trainers.push(await ShardTrainer.create(gpu, shardDims(inp, p, U), inp.init, table, inp.E));
    }
    dp = await DataParallel.create(gpu, trainers, rowBufs, inp.opt, {
      dim: d,
      Q: 0,
      maxUpdates: U,
      maxParked: 0,
      examples: inp.E,
    });
    const local = new Int32Array(trace.numRows).fill(-1);
    for (let b = 0; b < trace.numBatches; b++) {
      throwIfAborted(ctx.signal);
      const rows = trace.rows.subarray(trace.batchStart[b], trace.batchStart[b + 1]);
      const vals = new Float32Array(rows.length * d);
      const accs = new Float32Array(rows.length * d);
      rows.forEach((x, k) => {
        local[x] = k;
        vals.set(s.server.subarray(x * d, (x + 1) * d), k * d);
        accs.set(serverAcc.subarray(x * d, (x + 1) * d), k * d);
      });
      const sync = inp.plan[b]!;
      const pos = positions(sync);
      const counts: number[] = [];
      for (let p = 0; p < P; p++) {
        // Every trainer receives the batch's rows (the synchronous baseline's fetch).
        gpu.device.queue.writeBuffer(rowBufs[p]!.table, 0, vals);
        gpu.device.queue.writeBuffer(rowBufs[p]!.acc, 0, accs);
        const sh = shardOf(inp, b, p);
        const g = trainers[p]!.setBatch({ ...sh, ids: Uint32Array.from(sh.ids, (x) => local[x]!) });
        counts.push(g.count);
        s.perTrainer[p]!.shardRows += g.count;
        s.perTrainer[p]!.received += rows.length;
        s.perTrainer[p]!.updates += rows.length;
      }
      const ups: RowUpdate[] = Array.from(rows, (x) => ({ target: local[x]!, sources: stageSources(pos, dp!.M, x) }));
      const loss = await dp.step(
        counts,
        { dst: [], src: [] },
        Array.from({ length: P }, () => ups),
      );
      recordLosses(inp, s, loss);
      s.rows.now += rows.length;
      // One trainer writes the updated rows back (every copy is the same).
      const back = await gpu.readF32(rowBufs[0]!.table, rows.length * d);
      const backAcc = await gpu.readF32(rowBufs[0]!.acc, rows.length * d);
      rows.forEach((x, k) => {
        s.server.set(back.subarray(k * d, (k + 1) * d), x * d);
        serverAcc.set(backAcc.subarray(k * d, (k + 1) * d), x * d);
      });
      s.writtenBackRows += rows.length;
      progress((b + 1) / trace.numBatches);
    }
    for (const t of trainers) s.dense.push(await t.readDense());
  } finally {
    dp?.destroy();
    for (const t of trainers) t.destroy();
    owned.destroy();
  }
  return s;
}

/** Bagpipe: per-trainer GPU caches, rows synchronised now, later or not at all. */
export async function trainBagpipeDataParallel(
  gpu: Gpu,
  inp: DpInput,
  L: number,
  cleanupFraction: number,
  slots: number,
  ctx: RunContext,
  progress: (f: number) => void,
): Promise<DpStats> {
  const { trace, P, plan } = inp;
  const d = inp.base.dim;
  const adagrad = inp.opt.rows.kind === 'adagrad';
  const s = emptyStats(inp);
  const serverAcc = s.serverAcc;
  const mismatch = (what: string) => (s.mismatch ??= what);
  // One CPU model of the slot cache: every trainer receives the same messages, so each trainer's
  // GPU cache must make its decisions.
  const ref = new CacheSchedule(trace, L, cleanupFraction, slots);
  const feed = ref.feed;
  const owned = new BufferSet();
  const caches: SlotCache[] = [];
  const trainers: ShardTrainer[] = [];
  let dp: DataParallel | null = null;
  // The pending pool: each parked row takes a position; every row is parked at most once at a time.
  // A parked row is always cached (parked during a batch that reads it, flushed before its next
  // read or before its write-back, whichever is first), so no more rows are parked than the cache
  // has slots; the parking step checks it against the CPU model of the cache.
  let totalLater = 0;
  let maxLater = 0;
  for (const x of plan) {
    totalLater += x.later.length;
    maxLater = Math.max(maxLater, x.later.length);
  }
  const Q = Math.max(1, Math.min(slots, totalLater));
  const freePos = Array.from({ length: Q }, (_, j) => Q - 1 - j);
  const parkedAt = new Int32Array(trace.numRows).fill(-1);
  /** Owner of the row's latest no_sync update (its copy is the one to write back), or −1. */
  const soleOwner = new Int32Array(trace.numRows).fill(-1);
  try {
    const rowBufs: TrainerRows[] = [];
    for (let p = 0; p < P; p++) {
      const table = owned.add(gpu.createBuffer(slots * d * 4, `bagpipe${p}.cache`));
      const acc = owned.add(gpu.createBuffer(slots * d * 4, `bagpipe${p}.acc`));
      const sc = await SlotCache.create(
        gpu,
        { rows: trace.numRows, slots, dim: d, maxIncoming: feed.maxGroupRows, maxUpdates: feed.maxUpdateRows },
        { cache: table, acc, withAcc: adagrad },
      );
      caches.push(sc);
      rowBufs.push({ table, acc, rows: slots, slotMap: { slotOf: sc.slotOf, status: sc.status } });
      trainers.push(
        await ShardTrainer.create(gpu, shardDims(inp, p, slots), inp.init, table, inp.E, {
          slotOf: sc.slotOf,
          rows: trace.numRows,
          status: sc.status,
        }),
      );
    }
    const maxUpdates = Math.max(trace.maxUnique, Q);
    dp = await DataParallel.create(gpu, trainers, rowBufs, inp.opt, {
      dim: d,
      Q,
      maxUpdates,
      maxParked: maxLater,
      examples: inp.E,
    });
    const D = dp;
    const send = async (g: PrefetchGroup) => {
      const n = g.rows.length;
      const vals = new Float32Array(n * d);
      const accs = adagrad ? new Float32Array(n * d) : null;
      g.rows.forEach((x, k) => {
        vals.set(s.server.subarray(x * d, (x + 1) * d), k * d);
        accs?.set(serverAcc.subarray(x * d, (x + 1) * d), k * d);
      });
      for (let p = 0; p < P; p++) {
        await caches[p]!.insert(g.rows, new Int32Array(n).fill(g.ttl), vals, accs);
        s.perTrainer[p]!.received += n;
      }
    };
    // Parked rows all-reduced from the pending pool and applied by every trainer holding them.
    const flush = async (rows: number[], when: 'beforeUse' | 'beforeWriteBack') => {
      if (!rows.length) return;
      const ups = rows.map((x): RowUpdate => {
        const j = parkedAt[x]!;
        return { target: x, sources: Array.from({ length: P }, (_, p) => D.pendingRow(p, j)) };
      });
      await D.flush(Array.from({ length: P }, () => ups));
      for (const x of rows) {
        freePos.push(parkedAt[x]!);
        parkedAt[x] = -1;
      }
      for (const t of s.perTrainer) t.updates += rows.length;
      s.rows.later += rows.length;
      s.flushed[when] += rows.length;
    };
    const writeBack = async (step: number, want: number[], when: string) => {
      await flush(
        want.filter((x) => parkedAt[x]! >= 0),
        'beforeWriteBack',
      );
      const ev: Evicted[] = [];
      for (const sc of caches) ev.push(await sc.evict(step));
      for (const [p, e] of ev.entries())
        if (e.rows.length !== want.length || e.rows.some((x, k) => x !== want[k]))
          mismatch(`${when}: trainer ${p + 1} wrote back ${e.rows.length} rows, the CPU model ${want.length}`);
      const e0 = ev[0]!;
      e0.rows.forEach((x, k) => {
        const from = soleOwner[x]! >= 0 ? soleOwner[x]! : 0;
        const e = ev[from]!;
        if (soleOwner[x]! < 0)
          for (let p = 1; p < P; p++)
            for (let c = 0; c < d; c++)
              if (!Object.is(ev[p]!.values[k * d + c], e0.values[k * d + c]))
                mismatch(`${when}: trainer ${p + 1}'s copy of synchronised row ${x} differs from trainer 1's`);
        s.server.set(e.values.subarray(k * d, (k + 1) * d), x * d);
        if (e.acc) serverAcc.set(e.acc.subarray(k * d, (k + 1) * d), x * d);
        soleOwner[x] = -1;
      });
      s.writtenBackRows += e0.rows.length;
    };
    ref.start();
    for (const g of feed.start) await send(g);
    for (let b = 0; b < trace.numBatches; b++) {
      throwIfAborted(ctx.signal);
      const sync = plan[b]!;
      const rows = trace.rows.subarray(trace.batchStart[b], trace.batchStart[b + 1]);
      // sync_later rows of earlier batches that this batch reads: all-reduced before the forward pass.
      await flush(
        Array.from(rows).filter((x) => parkedAt[x]! >= 0),
        'beforeUse',
      );
      const pos = positions(sync);
      const counts: number[] = [];
      for (let p = 0; p < P; p++) {
        const g = trainers[p]!.setBatch(shardOf(inp, b, p));
        const want = sync.shards[p]!;
        if (g.count !== want.length || want.some((x, k) => g.rows[k] !== x))
          throw new Error(`batch ${b}: trainer ${p + 1}'s gradient rows differ from its shard`);
        counts.push(g.count);
        s.perTrainer[p]!.shardRows += g.count;
      }
      // sync_now for every trainer; no_sync only for its owner.
      const nowUps = Array.from(sync.now, (x): RowUpdate => ({ target: x, sources: stageSources(pos, D.M, x) }));
      const ups = Array.from({ length: P }, () => nowUps.slice());
      sync.none.forEach((x, k) => {
        const o = sync.noneOwner[k]!;
        ups[o]!.push({ target: x, sources: stageSources(pos, D.M, x) });
        soleOwner[x] = o;
        s.perTrainer[o]!.none++;
      });
      for (const x of sync.now) soleOwner[x] = -1;
      // sync_later: each trainer's own gradient (zero if its shard lacks the row) parked in the pool.
      const park = { dst: [] as number[], src: [] as number[] };
      for (const x of sync.later) {
        if (ref.model.slotOf[x]! < 0) mismatch(`batch ${b}: row ${x} was parked while not cached`);
        const j = freePos.pop();
        if (j === undefined)
          throw new Error(
            `batch ${b}: more gradient rows parked than the cache has slots (${Q}); the GPU cache and its CPU model disagree`,
          );
        parkedAt[x] = j;
        soleOwner[x] = -1;
        for (let p = 0; p < P; p++) {
          park.dst.push(D.pendingRow(p, j));
          park.src.push(pos[p]!.has(x) ? p * D.M + pos[p]!.get(x)! : -1);
        }
      }
      for (let p = 0; p < P; p++) {
        for (const x of sync.now) if (pos[p]!.has(x)) s.perTrainer[p]!.now++;
        for (const x of sync.later) if (pos[p]!.has(x)) s.perTrainer[p]!.later++;
        s.perTrainer[p]!.updates += ups[p]!.length;
      }
      recordLosses(inp, s, await D.step(counts, park, ups));
      s.rows.now += sync.now.length;
      s.rows.none += sync.none.length;
      const keep = feed.keep[b]!;
      for (const sc of caches) await sc.updateTtl(keep.rows, keep.ttls);
      const evictedRef = ref.afterBatch(b);
      const group = feed.after[b];
      if (group) {
        await writeBack(b, evictedRef, `cleanup after batch ${b}`);
        await send(group);
      }
      progress((b + 1) / trace.numBatches);
    }
    for (const [p, sc] of caches.entries()) {
      const missing = await sc.missing();
      if (missing > 0) mismatch(`trainer ${p + 1}: ${missing} lookups found their row missing from its cache`);
    }
    await writeBack(2 ** 31 - 1, ref.flush(), 'the final flush');
    if (freePos.length !== Q) mismatch(`${Q - freePos.length} parked gradients were never all-reduced`);
    for (const t of trainers) s.dense.push(await t.readDense());
  } finally {
    dp?.destroy();
    for (const t of trainers) t.destroy();
    for (const c of caches) c.destroy();
    owned.destroy();
  }
  return s;
}
