// Compressed sparse row graphs: the one graph layout every graph kernel and simulator here uses.
// Row i lists the OUT-neighbours of node i (edge i → j puts j in row i), so aggregating row i
// gathers what i points to; build with `symmetric` for undirected graphs. Duplicate edges and
// self-loops are kept (each is one entry), because real edge lists contain them and the kernels
// must handle them; use `dedupeCsr` when a simple graph is wanted.

export class GraphFormatError extends Error {
  override name = 'GraphFormatError';
}

export interface Csr {
  numNodes: number;
  /** [numNodes + 1], non-decreasing, indptr[0] = 0, indptr[numNodes] = nnz. */
  indptr: Int32Array;
  /** [nnz] neighbour ids in [0, numNodes). */
  indices: Int32Array;
}

export const nnzOf = (g: Csr): number => g.indices.length;
export const degreeOf = (g: Csr, v: number): number => g.indptr[v + 1]! - g.indptr[v]!;

export function degrees(g: Csr): Int32Array {
  const d = new Int32Array(g.numNodes);
  for (let v = 0; v < g.numNodes; v++) d[v] = degreeOf(g, v);
  return d;
}

export interface CsrBuildOptions {
  /** Also add j → i for every edge i → j (undirected graphs). */
  symmetric?: boolean;
  /** Names the input in error messages. */
  name?: string;
}

/**
 * Builds a CSR from edge arrays by a stable counting sort on the source, so each row keeps the
 * input order of its edges. Throws GraphFormatError naming the first edge whose id is out of range.
 */
export function csrFromEdges(
  src: ArrayLike<number>,
  dst: ArrayLike<number>,
  numNodes: number,
  opts: CsrBuildOptions = {},
): Csr {
  const name = opts.name ?? 'graph';
  if (!Number.isInteger(numNodes) || numNodes < 0 || numNodes >= 2 ** 31) {
    throw new GraphFormatError(`${name}: node count ${numNodes} must be an integer in [0, 2^31)`);
  }
  if (src.length !== dst.length)
    throw new GraphFormatError(`${name}: ${src.length} sources but ${dst.length} destinations`);
  const m = src.length;
  for (let e = 0; e < m; e++) {
    for (const v of [src[e]!, dst[e]!]) {
      if (!Number.isInteger(v) || v < 0 || v >= numNodes) {
        throw new GraphFormatError(
          `${name}: edge ${e} (${src[e]} → ${dst[e]}) has node id ${v}, beyond the node count ${numNodes} (ids must be in [0, ${numNodes - 1}])`,
        );
      }
    }
  }
  const total = opts.symmetric ? 2 * m : m;
  if (total >= 2 ** 31) throw new GraphFormatError(`${name}: ${total} edges exceed the int32 index range`);
  const indptr = new Int32Array(numNodes + 1);
  for (let e = 0; e < m; e++) {
    indptr[src[e]! + 1]!++;
    if (opts.symmetric) indptr[dst[e]! + 1]!++;
  }
  for (let v = 0; v < numNodes; v++) indptr[v + 1]! += indptr[v]!;
  const fill = indptr.slice(0, numNodes);
  const indices = new Int32Array(total);
  for (let e = 0; e < m; e++) {
    indices[fill[src[e]!]!++] = dst[e]!;
    if (opts.symmetric) indices[fill[dst[e]!]!++] = src[e]!;
  }
  return { numNodes, indptr, indices };
}

/** Checks a CSR handed in by a user (kernel CLI .npy pair); messages name the broken entry. */
export function validateCsr(g: Csr, name = 'graph'): void {
  const { indptr, indices, numNodes } = g;
  if (indptr.length !== numNodes + 1)
    throw new GraphFormatError(`${name}: indptr has ${indptr.length} entries, expected numNodes + 1 = ${numNodes + 1}`);
  if (indptr[0] !== 0) throw new GraphFormatError(`${name}: indptr[0] is ${indptr[0]}, expected 0`);
  for (let v = 0; v < numNodes; v++) {
    if (indptr[v + 1]! < indptr[v]!)
      throw new GraphFormatError(`${name}: indptr decreases at row ${v} (${indptr[v]} → ${indptr[v + 1]})`);
  }
  if (indptr[numNodes] !== indices.length) {
    throw new GraphFormatError(
      `${name}: indptr[${numNodes}] = ${indptr[numNodes]} but indices has ${indices.length} entries (they must be equal)`,
    );
  }
  for (let e = 0; e < indices.length; e++) {
    const j = indices[e]!;
    if (j < 0 || j >= numNodes)
      throw new GraphFormatError(`${name}: indices[${e}] = ${j} is beyond the node count ${numNodes}`);
  }
}

/** The reverse graph (row j lists the i with i → j), with the position of each reversed edge in g. */
export function transposeCsr(g: Csr): { graph: Csr; edgeOf: Int32Array } {
  const n = g.numNodes;
  const nnz = nnzOf(g);
  const indptr = new Int32Array(n + 1);
  for (let e = 0; e < nnz; e++) indptr[g.indices[e]! + 1]!++;
  for (let v = 0; v < n; v++) indptr[v + 1]! += indptr[v]!;
  const fill = indptr.slice(0, n);
  const indices = new Int32Array(nnz);
  const edgeOf = new Int32Array(nnz);
  for (let i = 0; i < n; i++) {
    for (let e = g.indptr[i]!; e < g.indptr[i + 1]!; e++) {
      const slot = fill[g.indices[e]!]!++;
      indices[slot] = i;
      edgeOf[slot] = e;
    }
  }
  return { graph: { numNodes: n, indptr, indices }, edgeOf };
}

/** Keeps only edges whose both endpoints satisfy `keep` (node ids unchanged; other rows become empty). */
export function inducedSubgraph(g: Csr, keep: Uint8Array): Csr {
  const n = g.numNodes;
  const indptr = new Int32Array(n + 1);
  const kept: number[] = [];
  for (let i = 0; i < n; i++) {
    if (keep[i]) {
      for (let e = g.indptr[i]!; e < g.indptr[i + 1]!; e++) if (keep[g.indices[e]!]) kept.push(g.indices[e]!);
    }
    indptr[i + 1] = kept.length;
  }
  return { numNodes: n, indptr, indices: Int32Array.from(kept) };
}

/** Removes duplicate entries inside each row (keeps the first); self-loops stay. */
export function dedupeCsr(g: Csr): Csr {
  const indptr = new Int32Array(g.numNodes + 1);
  const out: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < g.numNodes; i++) {
    seen.clear();
    for (let e = g.indptr[i]!; e < g.indptr[i + 1]!; e++) {
      const j = g.indices[e]!;
      if (!seen.has(j)) {
        seen.add(j);
        out.push(j);
      }
    }
    indptr[i + 1] = out.length;
  }
  return { numNodes: g.numNodes, indptr, indices: Int32Array.from(out) };
}
