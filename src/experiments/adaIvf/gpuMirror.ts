// One policy's index on the GPU. Design (chosen so that no query ever waits on a readback): the
// vectors of the whole stream are resident once (shared by all policies); per policy the GPU holds
// the centroids and a CSR list layout (order/offsets) that the counting-sort kernels rebuild from
// the index's partition-of-each-id array, uploaded once per update batch (4 bytes per vector).
// A query batch is then coarse top-nprobe + list scan + top-k in one submit; a stream's reads
// read nothing back except the probes when read temperatures are tracked (serveReads).
import type { Gpu } from '../../gpu/gpu';
import { destroyAll } from '../../gpu/resources';
import { planSegments, type SegmentPlan } from '../../kernels/vector';
import { planIvfSearch, readSearchResult, type IvfSearchPlan } from '../../kernels/vector';
import { TOPK_MAX_K, type TopkResult } from '../../kernels/vector';
import type { IvfIndex } from './ivfIndex';

export interface SearchBatch {
  plan: IvfSearchPlan;
  q: number;
  k: number;
  destroy(): void;
}

export class GpuIvfMirror {
  private keys: GPUBuffer;
  private centroids: GPUBuffer | null = null;
  private lists: SegmentPlan | null = null;
  private nlist = 0;
  /** Wall time of the per-batch layout rebuilds (upload → done), measured. */
  syncMs = 0;

  constructor(
    private readonly gpu: Gpu,
    private readonly x: GPUBuffer,
    private readonly rows: number,
    private readonly d: number,
  ) {
    this.keys = gpu.createBuffer(rows * 4, 'mirror.keys');
  }

  get partitions(): number {
    return this.nlist;
  }

  /** Uploads the partition of every id and the centroids, then rebuilds the lists on the GPU. */
  async sync(index: IvfIndex): Promise<void> {
    const t0 = performance.now();
    const K = index.size;
    if (K !== this.nlist || !this.lists) {
      this.lists?.destroy();
      this.centroids?.destroy();
      this.centroids = this.gpu.createBuffer(K * this.d * 4, 'mirror.centroids');
      this.lists = await planSegments(this.gpu, this.keys, this.rows, K);
      this.nlist = K;
    }
    this.gpu.device.queue.writeBuffer(this.keys, 0, index.keys());
    this.gpu.device.queue.writeBuffer(this.centroids!, 0, index.centroidMatrix());
    await this.gpu.run(this.lists.encode);
    this.syncMs += performance.now() - t0;
  }

  /** Uploads a query batch and plans coarse + scan for up to maxProbe lists. */
  async prepare(queries: Float32Array, k: number, maxProbe: number): Promise<SearchBatch> {
    const q = queries.length / this.d;
    const qBuf = this.gpu.upload(queries, 'mirror.queries');
    const plan = await planIvfSearch(
      this.gpu,
      {
        x: this.x,
        d: this.d,
        centroids: this.centroids!,
        nlist: this.nlist,
        order: this.lists!.order,
        offsets: this.lists!.offsets,
        metric: 'l2',
      },
      qBuf,
      q,
      k,
      Math.min(maxProbe, this.nlist, TOPK_MAX_K),
    );
    return {
      plan,
      q,
      k,
      destroy: () => {
        plan.destroy();
        qBuf.destroy();
      },
    };
  }

  async runCoarse(batch: SearchBatch): Promise<void> {
    await this.gpu.run((pass) => batch.plan.encodeCoarse(pass));
  }

  async scan(batch: SearchBatch, nprobe: number): Promise<TopkResult> {
    await this.gpu.run((pass) => batch.plan.encodeScan(pass, nprobe));
    return readSearchResult(this.gpu, batch.plan, batch.q, batch.k);
  }

  /**
   * A stream's read batch: coarse + scan in one submit, no readback of the results (nobody uses
   * them); the probes come back only when `withProbes` (Ada-IVF's read temperatures).
   */
  async serveReads(
    batch: SearchBatch,
    nprobe: number,
    withProbes: boolean,
  ): Promise<{ probes: Int32Array; dist: Float32Array; stride: number } | null> {
    await this.gpu.run((pass) => {
      batch.plan.encodeCoarse(pass);
      batch.plan.encodeScan(pass, nprobe);
    });
    return withProbes ? this.probes(batch) : null;
  }

  /** Probed lists [q, stride] and their coarse distances, for temperatures and scanned counts. */
  async probes(batch: SearchBatch): Promise<{ probes: Int32Array; dist: Float32Array; stride: number }> {
    const n = batch.q * batch.plan.probeStride;
    return {
      probes: await this.gpu.readI32(batch.plan.probes, n),
      dist: await this.gpu.readF32(batch.plan.probeDist, n),
      stride: batch.plan.probeStride,
    };
  }

  /** The list boundaries currently on the GPU [K + 1] (one readback, for checks). */
  async offsets(): Promise<Uint32Array> {
    return new Uint32Array(await this.gpu.read(this.lists!.offsets, (this.nlist + 1) * 4));
  }

  destroy(): void {
    this.lists?.destroy();
    destroyAll([this.keys, this.centroids ?? undefined]);
  }
}
