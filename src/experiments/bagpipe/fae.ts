// FAE (Adnan et al., VLDB 2022) as the Bagpipe artifact runs it (generate_fae_split_file.py and
// the *_fae_hetu_wd.py trainer), replayed on the same trace:
//  - profile: a row is hot if its share of its table's accesses exceeds the threshold (the
//    artifact: > 1e-5 %). The hot rows are replicated on every trainer's GPU; when they exceed the
//    cache of C rows we keep the C most accessed (ties: lower id first). Every table of our
//    sources gets the same number of accesses, so "share" and "count" order rows alike.
//  - an example is hot if all its rows are hot; hot examples are batched together, and so are
//    cold ones, each in data order, a batch being emitted when it is full (files: every line is
//    one example and one batch, so nothing is re-batched).
//  - a hot batch trains on the replicated rows (all hits) and all-reduces their gradients;
//    a cold batch runs like the no-cache baseline (each trainer fetches its shard's rows from the
//    server and pushes their gradients).
//  - when the batch type switches, hot → cold writes back the hot rows updated in the hot phase
//    (one writer), cold → hot re-fetches on every trainer the hot rows the cold phase updated on
//    the server. The hot rows are loaded once at the start (counted as prefetched).
import type { PreparedTrace } from './preparedTrace';
import { emptyCounts, POLICY_LABELS, type PolicyCounts, type SteppedPolicy } from './policyTypes';
import type { TraceSource } from './traceSources';

/** The hot rows: share of the table's accesses > threshold, at most `capacity` (most accessed first). */
export function faeHotRows(
  t: PreparedTrace,
  source: TraceSource,
  threshold: number,
  capacity: number,
): { hot: Uint8Array; count: number; capped: boolean; aboveThreshold: number } {
  const D = t.numRows;
  const tableOf = new Int32Array(D);
  const totals = new Float64Array(source.numTables);
  for (let x = 0; x < D; x++) {
    const tb = source.tableOf(t.originalIds[x]);
    tableOf[x] = tb;
    totals[tb] += t.accessCount[x];
  }
  const hot = new Uint8Array(D);
  let count = 0;
  for (let x = 0; x < D; x++) {
    if (t.accessCount[x] / totals[tableOf[x]] > threshold) {
      hot[x] = 1;
      count++;
    }
  }
  const aboveThreshold = count;
  if (count <= capacity) return { hot, count, capped: false, aboveThreshold };
  // Keep the `capacity` most accessed: everything above the boundary count, then boundary rows by id.
  const counts = new Int32Array(count);
  let k = 0;
  for (let x = 0; x < D; x++) if (hot[x]) counts[k++] = t.accessCount[x];
  counts.sort();
  const boundary = counts[count - capacity];
  let above = 0;
  for (let j = count - 1; j >= 0 && counts[j] > boundary; j--) above++;
  let atBoundary = capacity - above;
  count = 0;
  for (let x = 0; x < D; x++) {
    if (!hot[x]) continue;
    const n = t.accessCount[x];
    const keep = n > boundary || (n === boundary && atBoundary-- > 0);
    hot[x] = keep ? 1 : 0;
    if (keep) count++;
  }
  return { hot, count, capped: true, aboveThreshold };
}

export class FaeReplay implements SteppedPolicy {
  readonly key = 'fae';
  next = 0;
  readonly hotRows: number;
  readonly capped: boolean;
  readonly aboveThreshold: number;
  private readonly hot: Uint8Array;
  private readonly raw: Int32Array;
  private readonly dense: Int32Array;
  private readonly bufs: [Int32Array, Int32Array]; // [cold, hot] batches being filled
  private readonly fill = [0, 0];
  private readonly examples = [0, 0];
  private readonly stamp: Int32Array;
  private readonly phaseMark: Int32Array;
  private stampId = 0;
  private phase = 0;
  private prevType = -1;
  private touched = 0;
  private readonly perExample: number;
  private readonly examplesPerBatch: number;
  private c: PolicyCounts = emptyCounts('fae', POLICY_LABELS.fae);

  constructor(
    private readonly t: PreparedTrace,
    private readonly source: TraceSource,
    threshold: number,
    capacity: number,
  ) {
    const h = faeHotRows(t, source, threshold, capacity);
    this.hot = h.hot;
    this.hotRows = h.count;
    this.capped = h.capped;
    this.aboveThreshold = h.aboveThreshold;
    this.raw = new Int32Array(source.maxBatchIds);
    this.dense = new Int32Array(source.maxBatchIds);
    this.bufs = [new Int32Array(source.maxBatchIds), new Int32Array(source.maxBatchIds)];
    this.stamp = new Int32Array(t.numRows);
    this.phaseMark = new Int32Array(t.numRows);
    this.perExample = source.idsPerExample ?? 0;
    this.examplesPerBatch = source.idsPerExample ? source.maxBatchIds / source.idsPerExample : 1;
    this.c.fetchedRows = t.trainers * h.count;
    this.c.prefetchedRows = t.trainers * h.count;
    this.c.peakRows = h.count;
  }

  advance(until: number): void {
    const B = this.source.numBatches;
    for (; this.next < Math.min(until, B); this.next++) {
      const n = this.source.fill(this.next, this.raw);
      for (let k = 0; k < n; k++) this.dense[k] = this.t.denseOf(this.raw[k]);
      if (!this.perExample) {
        let allHot = 1;
        for (let k = 0; k < n; k++) allHot &= this.hot[this.dense[k]];
        this.emit(allHot, this.dense, n, n); // shards split the line's ids, as for the other policies
        continue;
      }
      const F = this.perExample;
      for (let e = 0; e + F <= n; e += F) {
        let allHot = 1;
        for (let k = e; k < e + F; k++) allHot &= this.hot[this.dense[k]];
        const buf = this.bufs[allHot];
        buf.set(this.dense.subarray(e, e + F), this.fill[allHot]);
        this.fill[allHot] += F;
        if (++this.examples[allHot] === this.examplesPerBatch) this.flush(allHot);
      }
    }
  }

  private flush(type: number): void {
    if (this.examples[type] === 0) return;
    this.emit(type, this.bufs[type], this.fill[type], this.examples[type]);
    this.fill[type] = 0;
    this.examples[type] = 0;
  }

  /** One FAE batch of `examples` equal-sized examples: `type` 1 = hot, 0 = cold. */
  private emit(type: number, ids: Int32Array, n: number, examples: number): void {
    const c = this.c;
    const N = this.t.trainers;
    if (type !== this.prevType) {
      if (this.prevType === 1) c.writtenBackRows += this.touched; // hot rows synced to the server
      if (this.prevType === 0) c.fetchedRows += N * this.touched; // hot rows refreshed on every trainer
      this.touched = 0;
      this.phase++;
      this.prevType = type;
    }
    const unit = n / examples;
    let unique = 0;
    let shardSum = 0;
    const batchStamp = ++this.stampId;
    for (let j = 0; j < N; j++) {
      const shard = ++this.stampId;
      const from = unit * Math.floor((j * examples) / N);
      const to = unit * Math.floor(((j + 1) * examples) / N);
      for (let k = from; k < to; k++) {
        const x = ids[k];
        if (this.stamp[x] !== shard) {
          if (this.stamp[x] < batchStamp) unique++;
          this.stamp[x] = shard;
          shardSum++;
        }
        if (this.hot[x] && this.phaseMark[x] !== this.phase) {
          this.phaseMark[x] = this.phase;
          this.touched++;
        }
      }
    }
    c.batches++;
    if (type === 1) {
      c.hits += unique;
      c.allReducedNow += unique;
    } else {
      c.misses += unique;
      c.fetchedRows += shardSum;
      c.writtenBackRows += shardSum;
    }
  }

  finish(): PolicyCounts {
    this.flush(1);
    this.flush(0);
    if (this.prevType === 1) this.c.writtenBackRows += this.touched;
    return { ...this.c };
  }
}
