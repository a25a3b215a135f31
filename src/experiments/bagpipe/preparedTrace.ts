// A trace prepared once for every policy: each batch reduced to its set of unique rows, ids
// compacted to dense indices that keep the original order (so "lower id first" tie rules still
// hold), each batch's rows sorted ascending, and per entry whether the row occurs exactly once in
// its batch (Bagpipe's no_sync candidates) and which batch uses it next (Belady, sync_now).
// Also counts, per batch, the unique rows of each trainer's shard (the no-cache baseline fetches
// per trainer). Built batch by batch from a TraceSource, so callers can yield between batches.
import type { TraceSource } from './traceSources';

export interface PreparedTrace {
  name: string;
  numBatches: number;
  /** Distinct rows in the trace; dense ids 0..numRows − 1 in the order of the original ids. */
  numRows: number;
  /** Batch b's unique rows are rows[batchStart[b] .. batchStart[b + 1]), ascending. */
  batchStart: Int32Array;
  rows: Int32Array;
  /** 1 where the row occurs exactly once in its batch (before de-duplication). */
  once: Uint8Array;
  /** The next batch that uses the row, or numBatches if none. */
  nextUse: Int32Array;
  /** Raw ids per row over the whole trace (FAE's profile). */
  accessCount: Int32Array;
  /** Dense id → original id. */
  originalIds: Int32Array;
  /** Per batch: Σ over trainers of the unique rows in that trainer's shard. */
  shardUnique: Int32Array;
  trainers: number;
  /** Raw ids (before de-duplication). */
  accesses: number;
  maxUnique: number;
  maxUniqueBatch: number;
  /** Dense id of an original id, or −1 if it never occurs. */
  denseOf(id: number): number;
}

/** Open-addressing hash map int32 → int32 (linear probing), no per-entry allocation. */
class IdMap {
  keys: Int32Array;
  vals: Int32Array;
  mask: number;
  size = 0;
  constructor(capacity = 1 << 16) {
    let cap = 16;
    while (cap < capacity * 2) cap *= 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.vals = new Int32Array(cap);
    this.mask = cap - 1;
  }
  get(id: number): number {
    let h = Math.imul(id, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = this.keys[h]!;
      if (k === id) return this.vals[h]!;
      if (k === -1) return -1;
      h = (h + 1) & this.mask;
    }
  }
  /** The value for id, inserting `next` if absent (then size grows by one). */
  getOrInsert(id: number, next: number): number {
    let h = Math.imul(id, 0x9e3779b1) & this.mask;
    for (;;) {
      const k = this.keys[h]!;
      if (k === id) return this.vals[h]!;
      if (k === -1) {
        this.keys[h] = id;
        this.vals[h] = next;
        if (++this.size * 2 > this.keys.length) this.grow();
        return next;
      }
      h = (h + 1) & this.mask;
    }
  }
  setExisting(id: number, v: number): void {
    let h = Math.imul(id, 0x9e3779b1) & this.mask;
    while (this.keys[h] !== id) h = (h + 1) & this.mask;
    this.vals[h] = v;
  }
  private grow(): void {
    const oldK = this.keys;
    const oldV = this.vals;
    this.keys = new Int32Array(oldK.length * 2).fill(-1);
    this.vals = new Int32Array(oldK.length * 2);
    this.mask = this.keys.length - 1;
    for (let i = 0; i < oldK.length; i++) {
      const k = oldK[i]!;
      if (k === -1) continue;
      let h = Math.imul(k, 0x9e3779b1) & this.mask;
      while (this.keys[h] !== -1) h = (h + 1) & this.mask;
      this.keys[h] = k;
      this.vals[h] = oldV[i]!;
    }
  }
}

/** For id spaces small enough to index directly (generated traces): one array, no hashing. */
class DirectMap {
  size = 0;
  private readonly vals: Int32Array;
  constructor(space: number) {
    this.vals = new Int32Array(space).fill(-1);
  }
  get(id: number): number {
    return id < this.vals.length ? this.vals[id] : -1;
  }
  getOrInsert(id: number, next: number): number {
    const v = this.vals[id];
    if (v >= 0) return v;
    this.vals[id] = next;
    this.size++;
    return next;
  }
  setExisting(id: number, v: number): void {
    this.vals[id] = v;
  }
}

/** Above this many possible ids a hash map is used (a direct map costs 4 bytes per possible id). */
const DIRECT_MAP_MAX = 1 << 25;

function grown(a: Int32Array<ArrayBuffer>, need: number, fill = 0): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const next = new Int32Array(Math.max(need, a.length * 2));
  if (fill !== 0) next.fill(fill, a.length);
  next.set(a);
  return next;
}

/** Builds a PreparedTrace batch by batch: addBatch(0), addBatch(1), …, then finish(). */
export class TraceBuilder {
  readonly source: TraceSource;
  readonly trainers: number;
  private map: IdMap | DirectMap;
  private originals = new Int32Array(1 << 16);
  /** Per dense id: [batch + 1 last seen, batch + 1 seen twice, shard mark, access count]. */
  private st = new Int32Array(4 << 16);
  private rows = new Int32Array(1 << 16);
  private onceFlags = new Uint8Array(1 << 16);
  private entries = 0;
  private batchStart: Int32Array;
  private shardUnique: Int32Array;
  private buf: Int32Array;
  private shardCounter = 0;
  private accesses = 0;
  private maxUnique = 0;
  private maxUniqueBatch = 0;
  next = 0;

  constructor(source: TraceSource, trainers: number) {
    this.source = source;
    this.trainers = trainers;
    this.map = source.idSpace <= DIRECT_MAP_MAX ? new DirectMap(source.idSpace) : new IdMap();
    this.batchStart = new Int32Array(source.numBatches + 1);
    this.shardUnique = new Int32Array(source.numBatches);
    this.buf = new Int32Array(source.maxBatchIds);
  }

  /** Processes batches up to (not including) `until`. */
  advance(until: number): void {
    for (; this.next < Math.min(until, this.source.numBatches); this.next++) this.addBatch(this.next);
  }

  private addBatch(b: number): void {
    const n = this.source.fill(b, this.buf);
    const N = this.trainers;
    const F = this.source.idsPerExample;
    const examples = F ? n / F : n;
    const unit = F ?? 1;
    const mark = b + 1;
    const start = this.entries;
    let shardSum = 0;
    this.rows = grown(this.rows, this.entries + n);
    const rows = this.rows;
    const buf = this.buf;
    const map = this.map;
    let st = this.st;
    for (let j = 0; j < N; j++) {
      const from = unit * Math.floor((j * examples) / N);
      const to = unit * Math.floor(((j + 1) * examples) / N);
      const shardId = ++this.shardCounter;
      for (let k = from; k < to; k++) {
        const id = buf[k];
        const d = map.getOrInsert(id, map.size);
        if (4 * d >= st.length) {
          this.growRows(d + 1);
          st = this.st;
        }
        const o = 4 * d;
        if (st[o + 3] === 0) this.originals[d] = id;
        st[o + 3]++;
        if (st[o + 2] !== shardId) {
          st[o + 2] = shardId;
          shardSum++;
        }
        if (st[o] !== mark) {
          st[o] = mark;
          rows[this.entries++] = d;
        } else st[o + 1] = mark;
      }
    }
    if (this.onceFlags.length < this.entries) {
      const next = new Uint8Array(Math.max(this.entries, this.onceFlags.length * 2));
      next.set(this.onceFlags);
      this.onceFlags = next;
    }
    for (let i = start; i < this.entries; i++) this.onceFlags[i] = st[4 * rows[i] + 1] === mark ? 0 : 1;
    this.accesses += n;
    this.batchStart[b + 1] = this.entries;
    this.shardUnique[b] = shardSum;
    const unique = this.entries - start;
    if (unique > this.maxUnique) {
      this.maxUnique = unique;
      this.maxUniqueBatch = b;
    }
  }

  private growRows(need: number): void {
    this.originals = grown(this.originals, need);
    this.st = grown(this.st, 4 * need);
  }

  finish(): PreparedTrace {
    const B = this.source.numBatches;
    const D = this.map.size;
    const sorted = this.originals.slice(0, D).sort();
    const remap = new Int32Array(D);
    for (let r = 0; r < D; r++) remap[this.map.get(sorted[r]!)] = r;
    for (let r = 0; r < D; r++) this.map.setExisting(sorted[r]!, r);
    const E = this.entries;
    const rows = this.rows.subarray(0, E);
    const once = new Uint8Array(E);
    // Remap, then sort each batch ascending with its once-flag packed into the low bit.
    for (let b = 0; b < B; b++) {
      const a = this.batchStart[b]!;
      const z = this.batchStart[b + 1]!;
      for (let i = a; i < z; i++) rows[i] = remap[rows[i]] * 2 + this.onceFlags[i];
      rows.subarray(a, z).sort();
      for (let i = a; i < z; i++) {
        const v = rows[i]!;
        once[i] = v & 1;
        rows[i] = v >> 1;
      }
    }
    const accessCount = new Int32Array(D);
    for (let d = 0; d < D; d++) accessCount[remap[d]] = this.st[4 * d + 3];
    const nextUse = new Int32Array(E);
    const lastSeen = new Int32Array(D).fill(B);
    for (let b = B - 1; b >= 0; b--) {
      const a = this.batchStart[b]!;
      const z = this.batchStart[b + 1]!;
      for (let i = a; i < z; i++) {
        const x = rows[i]!;
        nextUse[i] = lastSeen[x]!;
        lastSeen[x] = b;
      }
    }
    const map = this.map;
    return {
      name: this.source.name,
      numBatches: B,
      numRows: D,
      batchStart: this.batchStart,
      rows: rows.slice(),
      once,
      nextUse,
      accessCount,
      originalIds: sorted,
      shardUnique: this.shardUnique,
      trainers: this.trainers,
      accesses: this.accesses,
      maxUnique: this.maxUnique,
      maxUniqueBatch: this.maxUniqueBatch,
      denseOf: (id: number) => map.get(id),
    };
  }
}

/** Prepares a whole trace at once (tests, small traces). */
export function prepareTrace(source: TraceSource, trainers = 1): PreparedTrace {
  const b = new TraceBuilder(source, trainers);
  b.advance(source.numBatches);
  return b.finish();
}
