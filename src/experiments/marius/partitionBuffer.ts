// One epoch of out-of-core training through a partition buffer, as a two-resource timeline:
// the disk (one FIFO queue) and the compute device. State k trains once its partitions (and the
// edge buckets it needs) are in memory. With prefetch, the partitions of state k+1 are read while
// state k computes (into staging memory, as Marius's prefetch thread does); without it they are
// read after. Evicted partitions are written back when dirty (learned embeddings; node features
// are read-only): asynchronously (they share the disk but do not block compute) or synchronously.
// Evictions follow the precomputed ordering, i.e. Belady's rule for that sequence.
import { DiskQueue, type DiskModel } from './disk';
import { transitionsOf, type BufferOrdering } from './orderings';

export interface EpochInput {
  ordering: BufferOrdering;
  partitionBytes: number;
  /** Bytes read for state k besides its new partitions (edge buckets), one request each. */
  extraReadBytes: ArrayLike<number>;
  /** Compute time of state k. */
  computeMs: ArrayLike<number>;
  disk: DiskModel;
  prefetch: boolean;
  asyncWriteback: boolean;
  dirty: boolean;
  /** Timeline segments kept for the Gantt chart (the first ones; all of them up to this many). */
  maxSegments?: number;
}

export interface Segment {
  lane: 'disk' | 'compute';
  kind: 'read' | 'write' | 'compute';
  label: string;
  startMs: number;
  endMs: number;
}

export interface EpochResult {
  epochMs: number;
  computeMs: number;
  diskBusyMs: number;
  /** Compute idle, waiting for partitions. */
  stallMs: number;
  readBytes: number;
  writeBytes: number;
  partitionsRead: number;
  states: number;
  /** The first `maxSegments` segments of the epoch, and how many the whole epoch has. */
  segments: Segment[];
  segmentCount: number;
}

type Label = 'load' | 'state' | 'read for' | 'write after' | 'write at end';

/** A segment's label: n is a state index or a partition count. */
function labelText(label: Label, n: number): string {
  switch (label) {
    case 'load':
      return `load ${n} partitions`;
    case 'state':
      return `state ${n}`;
    case 'read for':
      return `read for state ${n}`;
    case 'write after':
      return `write back after state ${n}`;
    case 'write at end':
      return `write back ${n} partitions at epoch end`;
  }
}

export function simulateEpoch(x: EpochInput): EpochResult {
  const o = x.ordering;
  const disk = new DiskQueue(x.disk);
  const segments: Segment[] = [];
  const maxSeg = x.maxSegments ?? 400;
  let segmentCount = 0;
  // Segments past maxSeg are only counted: their labels are never built (epochs have millions).
  const keep = (kind: Segment['kind'], label: Label, n: number, startMs: number, endMs: number) => {
    segmentCount++;
    if (segments.length < maxSeg)
      segments.push({
        lane: kind === 'compute' ? 'compute' : 'disk',
        kind,
        label: labelText(label, n),
        startMs,
        endMs,
      });
  };
  let readBytes = 0;
  let writeBytes = 0;
  let partitionsRead = o.c;
  // disk.enqueue, not submit: no result object per request (millions per epoch at large p).
  const read = (earliest: number, partitions: number, extra: number, label: Label, n: number) => {
    const bytes = partitions * x.partitionBytes + extra;
    readBytes += bytes;
    const endMs = disk.enqueue(earliest, bytes, partitions + (extra > 0 ? 1 : 0));
    keep('read', label, n, disk.lastStartMs, endMs);
    return endMs;
  };
  const write = (earliest: number, partitions: number, label: Label, n: number) => {
    const bytes = partitions * x.partitionBytes;
    writeBytes += bytes;
    const endMs = disk.enqueue(earliest, bytes, partitions);
    keep('write', label, n, disk.lastStartMs, endMs);
    return endMs;
  };

  let ready = read(0, o.c, x.extraReadBytes[0] ?? 0, 'load', o.c);
  let computeFree = 0;
  let stallMs = 0;
  let computeTotal = 0;
  const S = transitionsOf(o);
  for (let k = 0; k <= S; k++) {
    const start = Math.max(computeFree, ready);
    stallMs += start - computeFree;
    const end = start + (x.computeMs[k] ?? 0);
    computeTotal += end - start;
    keep('compute', 'state', k, start, end);
    computeFree = end;
    if (k === S) break;
    const moved = o.offsets[k + 1]! - o.offsets[k]!;
    partitionsRead += moved;
    const readEnd = read(x.prefetch ? start : end, moved, x.extraReadBytes[k + 1] ?? 0, 'read for', k + 1);
    ready = readEnd;
    if (x.dirty) {
      const writeEnd = write(end, moved, 'write after', k);
      if (!x.asyncWriteback) ready = Math.max(readEnd, writeEnd);
    }
  }
  let epochMs = computeFree;
  if (x.dirty) epochMs = Math.max(epochMs, write(computeFree, o.c, 'write at end', o.c));
  return {
    epochMs,
    computeMs: computeTotal,
    diskBusyMs: disk.busyMs,
    stallMs,
    readBytes,
    writeBytes,
    partitionsRead,
    states: S + 1,
    segments,
    segmentCount,
  };
}
