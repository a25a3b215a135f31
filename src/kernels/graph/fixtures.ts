// Awkward graphs shared by the graph-kernel tests: isolated nodes, self-loops, duplicate edges,
// a hub whose degree is 10^4, and low-degree rows where any fanout exceeds the degree.
import { csrFromEdges, type Csr } from '../../data/graphs/csr';
import { createRng } from '../../data/pcg32';

export const HUB_DEGREE = 10_000;

/**
 * Node 0 is a hub pointing at 1..10^4; node 1 has a self-loop and a duplicate edge (1→2 twice);
 * nodes n−3..n−1 are isolated; the rest get a few random edges. Directed (not symmetrised), so
 * row i really is i's out-neighbours.
 */
export function awkwardGraph(extraNodes = 40, seed = 7): Csr {
  const n = HUB_DEGREE + 1 + extraNodes;
  const src: number[] = [];
  const dst: number[] = [];
  for (let v = 1; v <= HUB_DEGREE; v++) {
    src.push(0);
    dst.push(v);
  }
  src.push(1, 1, 1, 1);
  dst.push(1, 2, 2, 3);
  const rng = createRng(seed);
  for (let v = 2; v < n - 3; v++) {
    const k = rng.int(4);
    for (let t = 0; t < k; t++) {
      src.push(v);
      dst.push(rng.int(n));
    }
  }
  return csrFromEdges(src, dst, n, { name: 'awkward' });
}

/** A small random graph (symmetric) with the same oddities, for fast multi-hop tests. */
export function smallAwkwardGraph(n = 300, seed = 11): Csr {
  const rng = createRng(seed);
  const src: number[] = [0, 0, 5];
  const dst: number[] = [0, 1, 6];
  src.push(5);
  dst.push(6); // duplicate
  for (let v = 1; v < n; v++) {
    if (v % 17 === 0) continue; // isolated nodes
    const k = 1 + rng.int(5);
    for (let t = 0; t < k; t++) {
      const u = rng.int(n);
      if (u % 17 !== 0) {
        src.push(v);
        dst.push(u);
      }
    }
  }
  for (let v = 1; v < n; v += 3)
    if (v % 17 !== 0) {
      src.push(2);
      dst.push(v);
    } // node 2: a local hub
  return csrFromEdges(src, dst, n, { symmetric: true, name: 'small awkward' });
}
