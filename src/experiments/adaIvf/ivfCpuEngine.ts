// A plain CPU implementation of the ClusterEngine (f64 distances, Lloyd k-means with the same
// seeded k-means++ start and balanced-λ sample as the GPU engine, the sequential size-balanced
// variant), so the work the CountingEngine counts is the work either engine does. The policies' unit tests run on it, so
// they need no GPU; the experiment uses the GPU engine, whose kernels are checked against their
// own references in src/kernels.
import type { Rng } from '../../data/pcg32';
import { balanceLambda, balanceSampleRows, gatherRowsCpu, initCentroids } from '../../kernels/vector/kmeansInit';
import { KMEANS_PP_SAMPLE, type ClusterEngine, type KmeansOutput } from './ivfEngine';

export class CpuClusterEngine implements ClusterEngine {
  constructor(
    private readonly data: Float32Array,
    private readonly d: number,
    private readonly rng: Rng,
  ) {}

  private dist(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
    let s = 0;
    for (let t = 0; t < this.d; t++) {
      const u = a[i * this.d + t]! - b[j * this.d + t]!;
      s += u * u;
    }
    return s;
  }

  private rows(ids: Int32Array): Float32Array {
    const out = new Float32Array(ids.length * this.d);
    ids.forEach((id, i) => out.set(this.data.subarray(id * this.d, (id + 1) * this.d), i * this.d));
    return out;
  }

  async distances(ids: Int32Array, centroids: Float32Array): Promise<Float32Array> {
    const x = this.rows(ids);
    const k = centroids.length / this.d;
    const out = new Float32Array(ids.length * k);
    for (let i = 0; i < ids.length; i++) for (let j = 0; j < k; j++) out[i * k + j] = this.dist(x, i, centroids, j);
    return out;
  }

  async assign(ids: Int32Array, centroids: Float32Array): Promise<Int32Array> {
    const k = centroids.length / this.d;
    const dist = await this.distances(ids, centroids);
    return Int32Array.from(ids, (_, i) => {
      let best = 0;
      for (let j = 1; j < k; j++) if (dist[i * k + j]! < dist[i * k + best]!) best = j;
      return best;
    });
  }

  async nearest(queries: Float32Array, base: Float32Array, k: number): Promise<Int32Array> {
    const q = queries.length / this.d;
    const n = base.length / this.d;
    const out = new Int32Array(q * k).fill(-1);
    for (let i = 0; i < q; i++) {
      const order = Array.from({ length: n }, (_, j) => ({ j, v: this.dist(queries, i, base, j) })).sort(
        (a, b) => a.v - b.v || a.j - b.j,
      );
      order.slice(0, k).forEach((o, s) => {
        out[i * k + s] = o.j;
      });
    }
    return out;
  }

  async kmeans(ids: Int32Array, init: Float32Array | number, iters: number, balance: number): Promise<KmeansOutput> {
    const x = this.rows(ids);
    const n = ids.length;
    const c =
      typeof init === 'number'
        ? initCentroids(x, n, this.d, init, this.rng, 'kmeans++', KMEANS_PP_SAMPLE)
        : Float32Array.from(init);
    const k = c.length / this.d;
    let lambda = 0;
    const assign = new Int32Array(n);
    const place = () => {
      const placed = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        let best = 0,
          cost = Infinity;
        for (let j = 0; j < k; j++) {
          const v = this.dist(x, i, c, j) + lambda * placed[j]!;
          if (v < cost) {
            cost = v;
            best = j;
          }
        }
        assign[i] = best;
        placed[best]!++;
      }
    };
    if (balance > 0) lambda = balanceLambda(gatherRowsCpu(x, balanceSampleRows(n), this.d), this.d, c, k, n, balance);
    for (let it = 0; it < iters; it++) {
      place();
      const sums = new Float64Array(k * this.d);
      const counts = new Int32Array(k);
      for (let i = 0; i < n; i++) {
        counts[assign[i]!]!++;
        for (let t = 0; t < this.d; t++) sums[assign[i]! * this.d + t]! += x[i * this.d + t]!;
      }
      for (let j = 0; j < k; j++)
        if (counts[j]! > 0) for (let t = 0; t < this.d; t++) c[j * this.d + t] = sums[j * this.d + t]! / counts[j]!;
    }
    place();
    return { centroids: c, assign };
  }
}
