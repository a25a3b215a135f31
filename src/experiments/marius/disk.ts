// A disk as one FIFO queue: each request pays a fixed latency, then its bytes at the sequential
// bandwidth. Enough to compare orderings (they differ in how many partitions move, not in access
// patterns: every partition is one contiguous file region in Marius).

export interface DiskModel {
  id: string;
  name: string;
  /** Sequential bandwidth, MB/s (10^6 B/s). */
  bandwidthMBs: number;
  /** Per-request latency, ms. */
  latencyMs: number;
}

export const DISK_CATALOG: DiskModel[] = [
  { id: 'ebs-400', name: "Cloud block volume, 400 MB/s (Marius OSDI'21 setup)", bandwidthMBs: 400, latencyMs: 1 },
  { id: 'nvme', name: 'NVMe SSD, 3 GB/s', bandwidthMBs: 3000, latencyMs: 0.1 },
  { id: 'sata-ssd', name: 'SATA SSD, 530 MB/s', bandwidthMBs: 530, latencyMs: 0.2 },
  { id: 'hdd', name: 'Hard disk, 160 MB/s', bandwidthMBs: 160, latencyMs: 8 },
];

export const findDisk = (id: string): DiskModel | undefined => DISK_CATALOG.find((d) => d.id === id);

export function transferMs(disk: DiskModel, bytes: number, requests = 1): number {
  return requests * disk.latencyMs + (bytes / (disk.bandwidthMBs * 1e6)) * 1e3;
}

/** The queue: a request starts no earlier than `earliestMs` and after all earlier ones. */
export class DiskQueue {
  freeAtMs = 0;
  busyMs = 0;
  /** Start of the request enqueued last. */
  lastStartMs = 0;
  constructor(readonly disk: DiskModel) {}
  /** Queues a request and returns when it ends (its start: lastStartMs); allocates nothing, for epochs of millions of requests. */
  enqueue(earliestMs: number, bytes: number, requests: number): number {
    this.lastStartMs = Math.max(this.freeAtMs, earliestMs);
    const ms = bytes > 0 || requests > 0 ? transferMs(this.disk, bytes, requests) : 0;
    this.freeAtMs = this.lastStartMs + ms;
    this.busyMs += ms;
    return this.freeAtMs;
  }
  submit(earliestMs: number, bytes: number, requests: number): { startMs: number; endMs: number } {
    const endMs = this.enqueue(earliestMs, bytes, requests);
    return { startMs: this.lastStartMs, endMs };
  }
}
