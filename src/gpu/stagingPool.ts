// A pool of MAP_READ staging buffers. mapAsync is slow and a mapped buffer cannot be reused
// until unmapped, so we keep a few per power-of-two size class instead of creating one per read.

const MIN_CLASS = 256;
const MAX_PER_CLASS = 4;
/** Larger staging buffers are destroyed on release rather than held for the whole session. */
const MAX_POOLED_BYTES = 16 * 2 ** 20;

export class StagingPool {
  private free = new Map<number, GPUBuffer[]>();
  private all = new Set<GPUBuffer>();

  constructor(private readonly device: GPUDevice) {}

  private sizeClass(bytes: number): number {
    let s = MIN_CLASS;
    while (s < bytes) s *= 2;
    return s;
  }

  acquire(bytes: number): GPUBuffer {
    const cls = this.sizeClass(bytes);
    const list = this.free.get(cls);
    const reused = list?.pop();
    if (reused) return reused;
    const buf = this.device.createBuffer({
      label: `staging-${cls}`,
      size: cls,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.all.add(buf);
    return buf;
  }

  release(buf: GPUBuffer): void {
    const list = this.free.get(buf.size) ?? [];
    if (list.length >= MAX_PER_CLASS || buf.size > MAX_POOLED_BYTES) {
      this.all.delete(buf);
      buf.destroy();
      return;
    }
    list.push(buf);
    this.free.set(buf.size, list);
  }

  /** Copies `byteLength` bytes of `src` (from `offset`) to the CPU. One submit, one map. */
  async read(src: GPUBuffer, byteLength: number, offset = 0): Promise<ArrayBuffer> {
    const staging = this.acquire(byteLength);
    const enc = this.device.createCommandEncoder({ label: 'readback' });
    enc.copyBufferToBuffer(src, offset, staging, 0, byteLength);
    this.device.queue.submit([enc.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, byteLength);
      const copy = staging.getMappedRange(0, byteLength).slice(0);
      staging.unmap();
      return copy;
    } finally {
      if (staging.mapState === 'unmapped') this.release(staging);
    }
  }

  /** Bytes held by idle pooled buffers (for tests and the device panel). */
  get pooledBytes(): number {
    let n = 0;
    for (const [size, list] of this.free) n += size * list.length;
    return n;
  }

  destroy(): void {
    for (const b of this.all) b.destroy();
    this.all.clear();
    this.free.clear();
  }
}
