// What a maintenance policy needs from the compute backend. The experiment supplies a GPU
// implementation (real WGSL kernels over the resident vector set); tests supply a CPU one. Keeping
// the policies behind this interface keeps the policy files (ivf*.ts) free of WebGPU and lets every
// policy be tested without a device. Rows are named by vector id (row of the index's `data`).

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

/** Counts the distance evaluations a policy asked for: a device-independent measure of its work. */
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
    this.count((iters + 1) * ids.length * k);
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
