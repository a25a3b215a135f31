// What a maintenance policy needs from the compute backend. The experiment supplies a GPU
// implementation (real WGSL kernels over the resident vector set); tests supply a CPU one. Keeping
// the policies behind this interface keeps the policy files (ivf*.ts) free of WebGPU and lets every
// policy be tested without a device. Rows are named by vector id (row of the index's `data`).
import { balanceSampleRows } from '../../kernels/vector/kmeansInit';

export interface KmeansOutput {
  centroids: Float32Array;
  /** Cluster of each input row, in input order. */
  assign: Int32Array;
}

export interface ClusterEngine {
  /** Nearest centroid (squared L2, ties to the lower index) of each vector id. */
  assign(ids: Int32Array, centroids: Float32Array): Promise<Int32Array>;
  /**
   * Lloyd k-means over the vectors `ids`, from `init` [k, d] or, given a number k, from a seeded
   * k-means++ initialisation; balance > 0 = the size-balanced variant.
   */
  kmeans(ids: Int32Array, init: Float32Array | number, iters: number, balance: number): Promise<KmeansOutput>;
  /** For each raw query row, the k nearest raw base rows (ids into `base`, ties to the lower id). */
  nearest(queries: Float32Array, base: Float32Array, k: number): Promise<Int32Array>;
  /** Squared distances [ids.length, centroids/d] of vectors `ids` to raw centroid rows. */
  distances(ids: Int32Array, centroids: Float32Array): Promise<Float32Array>;
}

/**
 * k-means++ seeds from at most this many rows (a deterministic subsample beyond it), in both
 * engines, so the counted seeding work is the work done.
 */
export const KMEANS_PP_SAMPLE = 4096;

/** Distance evaluations of k-means++ seeding: every seed is compared with every sampled row. */
export function seedingEvaluations(n: number, k: number): number {
  return (n <= KMEANS_PP_SAMPLE ? n : Math.max(KMEANS_PP_SAMPLE, k)) * k;
}

/**
 * Counts the distance evaluations a policy asked for: a device-independent measure of its work.
 * A k-means call counts its seeding too (k-means++ when given a number k: one pass over the
 * sampled rows per seed, see seedingEvaluations), and the balanced variant the rows its λ is
 * averaged over; leaving the seeding out understated Rebuild, the normaliser of every ratio.
 */
export class CountingEngine implements ClusterEngine {
  distanceEvaluations = 0;
  calls = 0;

  constructor(
    private readonly inner: ClusterEngine,
    private readonly d: number,
  ) {}

  assign(ids: Int32Array, centroids: Float32Array): Promise<Int32Array> {
    this.count(ids.length * (centroids.length / this.d));
    return this.inner.assign(ids, centroids);
  }

  kmeans(ids: Int32Array, init: Float32Array | number, iters: number, balance: number): Promise<KmeansOutput> {
    const k = typeof init === 'number' ? init : init.length / this.d;
    const seeding = typeof init === 'number' ? seedingEvaluations(ids.length, k) : 0;
    const lambda = balance > 0 ? balanceSampleRows(ids.length).length * k : 0;
    this.count(seeding + lambda + (iters + 1) * ids.length * k);
    return this.inner.kmeans(ids, init, iters, balance);
  }

  nearest(queries: Float32Array, base: Float32Array, k: number): Promise<Int32Array> {
    this.count((queries.length / this.d) * (base.length / this.d));
    return this.inner.nearest(queries, base, k);
  }

  distances(ids: Int32Array, centroids: Float32Array): Promise<Float32Array> {
    this.count(ids.length * (centroids.length / this.d));
    return this.inner.distances(ids, centroids);
  }

  private count(n: number): void {
    this.distanceEvaluations += n;
    this.calls++;
  }
}
