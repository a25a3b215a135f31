// CPU reference for neighbour sampling without replacement (src/shaders/graph/sampleNeighbors.wgsl).
// Same random integers by construction (the stateless PCG hash keyed by seed and node id), so
// GPU and CPU samples are compared for exact equality; the subset logic (Robert Floyd's
// algorithm) is re-implemented here with a Set.
import { pcgHash } from '../../data/pcg32';
import type { Csr } from '../../data/graphs/csr';

export const MAX_FANOUT = 64;

/** The per-node random stream key: pcg(seed ^ pcg(node)). */
export const sampleKey = (seed: number, node: number): number => pcgHash((seed ^ pcgHash(node)) >>> 0);

/**
 * Sampled CSR positions (offsets within v's row) of up to `fanout` distinct edges of v: the whole
 * row in order when deg ≤ fanout, else Floyd's uniform subset in draw order.
 */
export function samplePositions(deg: number, fanout: number, key: number): number[] {
  if (deg <= fanout) return Array.from({ length: deg }, (_, k) => k);
  const order: number[] = [];
  for (let j = deg - fanout; j < deg; j++) {
    const r = pcgHash((key ^ j) >>> 0) % (j + 1);
    order.push(order.includes(r) ? j : r); // fanout ≤ 64: a scan beats a Set here
  }
  return order;
}

/**
 * Writes v's sampled neighbour ids to out[at ..] and returns how many (allocation-free: the live
 * GraphSnapShot model samples thousands of rows per slider move).
 */
export function sampleNodeInto(g: Csr, v: number, fanout: number, seed: number, out: Int32Array, at: number): number {
  const start = g.indptr[v]!;
  const deg = g.indptr[v + 1]! - start;
  if (deg <= fanout) {
    for (let k = 0; k < deg; k++) out[at + k] = g.indices[start + k]!;
    return deg;
  }
  const key = sampleKey(seed, v);
  // Floyd over positions, kept in out[] as positions first, mapped to ids at the end.
  for (let j = deg - fanout, n = 0; j < deg; j++, n++) {
    const r = pcgHash((key ^ j) >>> 0) % (j + 1);
    let taken = false;
    for (let k = 0; k < n; k++)
      if (out[at + k] === r) {
        taken = true;
        break;
      }
    out[at + n] = taken ? j : r;
  }
  for (let k = 0; k < fanout; k++) out[at + k] = g.indices[start + out[at + k]!]!;
  return fanout;
}

export function sampleNode(g: Csr, v: number, fanout: number, seed: number): number[] {
  const start = g.indptr[v]!;
  return samplePositions(g.indptr[v + 1]! - start, fanout, sampleKey(seed, v)).map((p) => g.indices[start + p]!);
}

/** neighbors [S, fanout] padded with −1, counts [S]. */
export function sampleNeighborsReference(g: Csr, seeds: Int32Array, fanout: number, seed: number) {
  const neighbors = new Int32Array(seeds.length * fanout).fill(-1);
  const counts = new Int32Array(seeds.length);
  seeds.forEach((v, s) => {
    const picked = sampleNode(g, v, fanout, seed);
    neighbors.set(picked, s * fanout);
    counts[s] = picked.length;
  });
  return { neighbors, counts };
}
