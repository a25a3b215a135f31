// The CPU-side state of a dynamic IVF index, authoritative for every maintenance policy:
// partitions (routing centroid μ, creation centroid μ0, members, exact running sums for sizes and
// the reconstruction error, read temperature T) over a fixed, growing-only vector store `data`
// (vector id = row). The GPU mirror (lists as a CSR layout over the resident vectors) is rebuilt
// from `keys()` once per update batch, so this class never touches the GPU.
//
// Statistics follow Ada-IVF §4: σ = standard deviation of partition sizes, ε = reconstruction
// error = mean squared distance of live vectors to their partition's centroid, computed exactly
// from per-partition Σx and Σ|x|² (f64) as ε = Σ_p (Σ|x|² − 2 μ·Σx + s|μ|²) / n.

export interface Partition {
  centroid: Float32Array;
  mu0: Float32Array;
  members: number[];
  sum: Float64Array;
  sumSq: number;
  temperature: number;
}

export interface IndexStats {
  partitions: number;
  live: number;
  meanSize: number;
  sizeStd: number;
  maxSize: number;
  emptyPartitions: number;
  reconstructionError: number;
}

/** Per-partition sums of one batch's inserted or deleted vectors (for running-mean updates). */
export type BatchDelta = Map<number, { sum: Float64Array; count: number }>;

export class IvfIndex {
  partitions: Partition[] = [];
  /** Partition of each vector id, -1 when not live. */
  readonly where: Int32Array;
  /** Position of each live id in its partition's member list. */
  private readonly slot: Int32Array;
  live = 0;

  constructor(
    readonly data: Float32Array,
    readonly d: number,
  ) {
    const capacity = data.length / d;
    this.where = new Int32Array(capacity).fill(-1);
    this.slot = new Int32Array(capacity).fill(-1);
  }

  get size(): number {
    return this.partitions.length;
  }

  row(id: number): Float32Array {
    return this.data.subarray(id * this.d, (id + 1) * this.d);
  }

  addPartition(centroid: Float32Array): number {
    this.partitions.push({
      centroid: Float32Array.from(centroid),
      mu0: Float32Array.from(centroid),
      members: [],
      sum: new Float64Array(this.d),
      sumSq: 0,
      temperature: 1,
    });
    return this.partitions.length - 1;
  }

  private attach(id: number, p: number): void {
    const part = this.partitions[p]!;
    this.where[id] = p;
    this.slot[id] = part.members.length;
    part.members.push(id);
    const d = this.d;
    for (let t = 0; t < d; t++) {
      const v = this.data[id * d + t]!;
      part.sum[t]! += v;
      part.sumSq += v * v;
    }
    this.live++;
  }

  private detach(id: number): number {
    const p = this.where[id]!;
    if (p < 0) throw new Error(`vector ${id} is not in the index`);
    const part = this.partitions[p]!;
    const s = this.slot[id]!;
    const last = part.members.pop()!;
    if (last !== id) {
      part.members[s] = last;
      this.slot[last] = s;
    }
    const d = this.d;
    for (let t = 0; t < d; t++) {
      const v = this.data[id * d + t]!;
      part.sum[t]! -= v;
      part.sumSq -= v * v;
    }
    this.where[id] = -1;
    this.slot[id] = -1;
    this.live--;
    return p;
  }

  private track(delta: BatchDelta, p: number, id: number): void {
    let e = delta.get(p);
    if (!e) {
      e = { sum: new Float64Array(this.d), count: 0 };
      delta.set(p, e);
    }
    for (let t = 0; t < this.d; t++) e.sum[t]! += this.data[id * this.d + t]!;
    e.count++;
  }

  insert(ids: ArrayLike<number>, parts: ArrayLike<number>): BatchDelta {
    const delta: BatchDelta = new Map();
    for (let i = 0; i < ids.length; i++) {
      this.attach(ids[i]!, parts[i]!);
      this.track(delta, parts[i]!, ids[i]!);
    }
    return delta;
  }

  remove(ids: ArrayLike<number>): BatchDelta {
    const delta: BatchDelta = new Map();
    for (let i = 0; i < ids.length; i++) {
      const p = this.detach(ids[i]!);
      this.track(delta, p, ids[i]!);
    }
    return delta;
  }

  /** Moves live vectors to other partitions (sums follow; centroids do not). */
  move(ids: ArrayLike<number>, parts: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) {
      this.detach(ids[i]!);
      this.attach(ids[i]!, parts[i]!);
    }
  }

  /**
   * Ada-IVF Alg. 2 for one batch, recorded by remove() then insert(): per partition, first the
   * deletes (s_δ = −|X_del|, s' = size after the deletes), then the inserts (s_δ = +|X_ins|, s' =
   * current size), each as μ' = μ + (s_δ/s')(mean(X_δ) − μ). This keeps s·μ − Σx invariant, so
   * the centroid converges on the members' mean. A partition emptied by deletes keeps its
   * centroid until something is inserted.
   */
  applyRunningMeans(inserted: BatchDelta, deleted: BatchDelta): void {
    const step = (part: Partition, e: { sum: Float64Array; count: number }, sign: number, sNew: number) => {
      if (sNew <= 0 || e.count === 0) return;
      const f = (sign * e.count) / sNew;
      for (let t = 0; t < this.d; t++)
        part.centroid[t] = part.centroid[t]! + f * (e.sum[t]! / e.count - part.centroid[t]!);
    };
    for (const p of new Set([...inserted.keys(), ...deleted.keys()])) {
      const part = this.partitions[p]!;
      const ins = inserted.get(p);
      const del = deleted.get(p);
      const sNow = part.members.length;
      if (del) step(part, del, -1, sNow - (ins?.count ?? 0));
      if (ins) step(part, ins, 1, sNow);
    }
  }

  /** Sets every non-empty partition's centroid to the exact mean of its members. */
  recomputeMeans(which?: Iterable<number>): void {
    for (const p of which ?? this.partitions.keys()) {
      const part = this.partitions[p]!;
      const s = part.members.length;
      if (s > 0) for (let t = 0; t < this.d; t++) part.centroid[t] = part.sum[t]! / s;
    }
  }

  /** Removes partitions (their members become unassigned) and returns those members. */
  removePartitions(indices: Iterable<number>): number[] {
    const drop = new Set(indices);
    const freed: number[] = [];
    for (const p of drop) {
      // detach() removes from members, so iterate over a copy.
      const members = Array.from(this.partitions[p]!.members);
      for (const id of members) {
        this.detach(id);
        freed.push(id);
      }
    }
    const keep = this.partitions.filter((_, p) => !drop.has(p));
    this.partitions = keep;
    keep.forEach((part, p) => {
      for (const id of part.members) this.where[id] = p;
    });
    return freed;
  }

  /** Adds partitions for `centroids` [m, d] and inserts `ids` by local assignment; drops empty ones. */
  addClusters(centroids: Float32Array, ids: ArrayLike<number>, localAssign: ArrayLike<number>): number {
    const m = centroids.length / this.d;
    const counts = new Int32Array(m);
    for (let i = 0; i < localAssign.length; i++) counts[localAssign[i]!]!++;
    const indexOf = new Int32Array(m).fill(-1);
    for (let j = 0; j < m; j++)
      if (counts[j]! > 0) indexOf[j] = this.addPartition(centroids.subarray(j * this.d, (j + 1) * this.d));
    for (let i = 0; i < ids.length; i++) this.attach(ids[i]!, indexOf[localAssign[i]!]!);
    return indexOf.filter((v) => v >= 0).length;
  }

  /** Replaces the whole partitioning (a rebuild): new partitions from centroids and assignment. */
  resetTo(centroids: Float32Array, ids: ArrayLike<number>, localAssign: ArrayLike<number>): void {
    this.removePartitions(this.partitions.keys());
    this.addClusters(centroids, ids, localAssign);
  }

  liveIds(): Int32Array {
    const out = new Int32Array(this.live);
    let i = 0;
    for (const part of this.partitions) for (const id of part.members) out[i++] = id;
    return out;
  }

  /** Partition per vector id (-1 = not live): the keys of the GPU list layout. */
  keys(): Int32Array {
    return this.where;
  }

  centroidMatrix(which?: number[]): Float32Array {
    const list = which ?? [...this.partitions.keys()];
    const out = new Float32Array(list.length * this.d);
    list.forEach((p, j) => out.set(this.partitions[p]!.centroid, j * this.d));
    return out;
  }

  sse(p: number): number {
    const part = this.partitions[p]!;
    let dot = 0,
      norm = 0;
    for (let t = 0; t < this.d; t++) {
      const c = part.centroid[t]!;
      dot += c * part.sum[t]!;
      norm += c * c;
    }
    return Math.max(0, part.sumSq - 2 * dot + part.members.length * norm);
  }

  stats(): IndexStats {
    const sizes = this.partitions.map((p) => p.members.length);
    const K = sizes.length;
    const mean = K ? this.live / K : 0;
    let v = 0,
      sse = 0;
    sizes.forEach((s, p) => {
      v += (s - mean) ** 2;
      sse += this.sse(p);
    });
    return {
      partitions: K,
      live: this.live,
      meanSize: mean,
      sizeStd: K ? Math.sqrt(v / K) : 0,
      maxSize: K ? Math.max(...sizes) : 0,
      emptyPartitions: sizes.filter((s) => s === 0).length,
      reconstructionError: this.live ? sse / this.live : 0,
    };
  }

  clone(): IvfIndex {
    const c = new IvfIndex(this.data, this.d);
    c.partitions = this.partitions.map((p) => ({
      centroid: Float32Array.from(p.centroid),
      mu0: Float32Array.from(p.mu0),
      members: [...p.members],
      sum: Float64Array.from(p.sum),
      sumSq: p.sumSq,
      temperature: p.temperature,
    }));
    c.where.set(this.where);
    c.slot.set(this.slot);
    c.live = this.live;
    return c;
  }
}
