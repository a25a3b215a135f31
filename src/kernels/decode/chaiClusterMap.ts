// A CHAI head → cluster map for one layer: cluster ids in [0, k), every head assigned, every
// cluster non-empty. The representative of a cluster is its lowest-index head (as in the paper's
// reference code); its query scores against the cluster's single stored K head.
import { UserInputError } from '../../core';

export interface ClusterMapInfo {
  clusters: number;
  /** [k]: the lowest-index head of each cluster. */
  representatives: Uint32Array;
  /** [H]: the cluster of each head, as u32 for the GPU. */
  clusterOf: Uint32Array;
}

/** Validates a map for H heads and k clusters, naming the first problem it finds. */
export function validateClusterMap(
  map: ArrayLike<number>,
  heads: number,
  clusters: number,
  what = 'CHAI',
): ClusterMapInfo {
  if (!Number.isInteger(clusters) || clusters < 1)
    throw new UserInputError(`${what}: cluster count k=${clusters} must be an integer ≥ 1`);
  if (clusters > heads)
    throw new UserInputError(`${what}: cluster count k=${clusters} exceeds the number of heads H=${heads}`);
  if (map.length !== heads) {
    throw new UserInputError(
      `${what}: the cluster map has ${map.length} entries but there are H=${heads} heads; every head needs a cluster`,
    );
  }
  const representatives = new Uint32Array(clusters).fill(0xffffffff);
  const clusterOf = new Uint32Array(heads);
  for (let h = 0; h < heads; h++) {
    const c = map[h]!;
    if (!Number.isInteger(c) || c < 0 || c >= clusters) {
      throw new UserInputError(
        `${what}: cluster map[${h}] = ${c} is not a cluster id in [0, ${clusters}) (k=${clusters})`,
      );
    }
    clusterOf[h] = c;
    if (representatives[c] === 0xffffffff) representatives[c] = h;
  }
  const empty = representatives.findIndex((r) => r === 0xffffffff);
  if (empty >= 0) {
    throw new UserInputError(
      `${what}: cluster ${empty} has no heads; a map for k=${clusters} must use every id in [0, ${clusters})`,
    );
  }
  return { clusters, representatives, clusterOf };
}

/**
 * The representatives' K cache [B, T, k, d] gathered from a full K cache [B, T, H, d]: what a
 * CHAI layer stores after clustering (the other heads' K is never kept).
 */
export function gatherRepresentativeK(
  k: Float32Array,
  shape: { batch: number; context: number; heads: number; headDim: number },
  representatives: ArrayLike<number>,
): Float32Array {
  const { batch: B, context: T, heads: H, headDim: d } = shape;
  const n = representatives.length;
  const out = new Float32Array(B * T * n * d);
  for (let bt = 0; bt < B * T; bt++) {
    for (let c = 0; c < n; c++) {
      const src = (bt * H + representatives[c]!) * d;
      out.set(k.subarray(src, src + d), (bt * n + c) * d);
    }
  }
  return out;
}
