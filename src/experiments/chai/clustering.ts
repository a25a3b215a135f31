// Agglomerative (hierarchical) clustering with average linkage on a precomputed distance
// matrix, as CHAI clusters attention heads online (sklearn's AgglomerativeClustering with
// linkage='average', metric='precomputed' in the paper's code). n ≤ a few hundred: the O(n³)
// textbook algorithm with Lance–Williams updates is exact and fast enough (n = 128: ~2M steps).

/** Symmetric n×n distance matrix, row-major. */
export interface DistanceMatrix {
  n: number;
  data: Float64Array;
}

/** Cosine distance 1 − a·b / (|a||b|), in [0, 2]. Two zero vectors are at 0, a zero vector and a non-zero one at 1. */
export function cosineDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  if (aa === 0 || bb === 0) return aa === bb ? 0 : 1;
  return Math.min(2, Math.max(0, 1 - ab / Math.sqrt(aa * bb)));
}

export function cosineDistanceMatrix(rows: ArrayLike<number>[]): DistanceMatrix {
  const n = rows.length;
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dist = cosineDistance(rows[i]!, rows[j]!);
      data[i * n + j] = dist;
      data[j * n + i] = dist;
    }
  }
  return { n, data };
}

/** One merge, scipy-style ids: leaves are 0..n-1, the cluster made at step s is n + s. */
export interface Merge {
  a: number;
  b: number;
  distance: number;
  size: number;
}

/**
 * The full average-linkage merge sequence (n − 1 merges). The closest pair of active clusters is
 * merged at each step; ties go to the pair found first (lowest slots), so the result is
 * deterministic. Lance–Williams for average linkage:
 *   d(i ∪ j, m) = (|i|·d(i, m) + |j|·d(j, m)) / (|i| + |j|).
 */
export function averageLinkage(dist: DistanceMatrix): Merge[] {
  const n = dist.n;
  const d = Float64Array.from(dist.data);
  const size = new Array<number>(n).fill(1);
  const id = Array.from({ length: n }, (_, i) => i);
  const active = new Array<boolean>(n).fill(true);
  const merges: Merge[] = [];
  for (let step = 0; step < n - 1; step++) {
    let bi = -1;
    let bj = -1;
    let best = Infinity;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (active[j] && d[i * n + j]! < best) {
          best = d[i * n + j]!;
          bi = i;
          bj = j;
        }
      }
    }
    const si = size[bi]!;
    const sj = size[bj]!;
    for (let m = 0; m < n; m++) {
      if (!active[m] || m === bi || m === bj) continue;
      const merged = (si * d[bi * n + m]! + sj * d[bj * n + m]!) / (si + sj);
      d[bi * n + m] = merged;
      d[m * n + bi] = merged;
    }
    merges.push({ a: id[bi]!, b: id[bj]!, distance: best, size: si + sj });
    active[bj] = false;
    size[bi] = si + sj;
    id[bi] = n + step;
  }
  return merges;
}

/**
 * Cluster labels after cutting the tree at k clusters (the first n − k merges applied). Labels
 * are numbered by each cluster's lowest-index member, so cluster 0 holds item 0 and a cluster's
 * representative (lowest index, as CHAI picks it) is the first item carrying its label.
 */
export function cutTree(merges: Merge[], n: number, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new RangeError(`cannot cut ${n} items into k=${k} clusters: k must be an integer in [1, ${n}]`);
  }
  const parent = Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  for (let s = 0; s < n - k; s++) {
    const m = merges[s]!;
    parent[find(m.a)] = n + s;
    parent[find(m.b)] = n + s;
  }
  const labelOfRoot = new Map<number, number>();
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (!labelOfRoot.has(root)) labelOfRoot.set(root, labelOfRoot.size);
    labels[i] = labelOfRoot.get(root)!;
  }
  return labels;
}

/** Average-linkage clustering into k clusters (labels by lowest-index member). */
export function agglomerativeClusters(dist: DistanceMatrix, k: number): Int32Array {
  if (!Number.isInteger(k) || k < 1 || k > dist.n) {
    throw new RangeError(`cannot cluster ${dist.n} heads into k=${k} clusters: k must be an integer in [1, ${dist.n}]`);
  }
  return cutTree(averageLinkage(dist), dist.n, k);
}

/** Leaves in dendrogram order (left subtree first), so similar items sit next to each other. */
export function dendrogramOrder(merges: Merge[], n: number): number[] {
  if (n === 0) return [];
  const root = merges.length ? n + merges.length - 1 : 0;
  const out: number[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node < n) {
      out.push(node);
      continue;
    }
    const m = merges[node - n]!;
    stack.push(m.b, m.a); // a is visited first
  }
  return out;
}
