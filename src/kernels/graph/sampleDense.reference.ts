// CPU reference for DENSE multi-hop sampling (MariusGNN's LayeredNeighborSampler idea): hop 0 is
// the seeds; at each hop only the nodes added by the previous hop (the delta) are sampled, and
// only neighbours never seen before in this batch join the next delta, so no node is sampled or
// stored twice. Layout (inner hops first, the reverse of Marius's [Δ_K … Δ_1, seeds]):
//   nodeIds    = [seeds, Δ_1 (sorted by id), …, Δ_K (sorted)]
//   hopOffsets = [0, |seeds|, |seeds|+|Δ_1|, …, N]
//   block CSR over batch positions: row r (r < hopOffsets[K]) lists the positions of r's sampled
//   neighbours in sample order; rows of Δ_K are empty.
// Layer ℓ of a K-layer GNN then computes rows [0, hopOffsets[K+1−ℓ]) from rows
// [0, hopOffsets[K+2−ℓ]): dropping the outermost hop each layer, with nothing resampled.
import type { Csr } from '../../data/graphs/csr';
import { sampleNodeInto } from './sampleNeighbors.reference';

export interface DenseBlock {
  nodeIds: Int32Array;
  hopOffsets: Int32Array;
  blockIndptr: Int32Array;
  blockIndices: Int32Array;
}

/**
 * `g` is the graph sampled at every hop, or one graph per hop (per-layer neighbour caches, as in
 * GraphSnapShot); node ids are shared, only the rows differ.
 */
export function denseSampleReference(g: Csr | Csr[], seeds: Int32Array, fanouts: number[], seed: number): DenseBlock {
  const graphs = Array.isArray(g) ? g : fanouts.map(() => g);
  const n = graphs[0]!.numNodes;
  const maxF = Math.max(0, ...fanouts);
  // Typed arrays throughout: the live GraphSnapShot model runs this for every batch of every
  // sampler. position[v] = batch position of v, −1 if v is not in the batch yet.
  const position = new Int32Array(n).fill(-1);
  const nodeIds = new Int32Array(n);
  let N = 0;
  for (const v of seeds) {
    position[v] = N;
    nodeIds[N++] = v;
  }
  const hopOffsets = [0, N];
  let picks = new Int32Array(Math.max(16, N * maxF));
  const rowStart = new Int32Array(n + 1);
  const freshMark = new Uint8Array(n);
  let used = 0;
  fanouts.forEach((fanout, h) => {
    const fresh: number[] = [];
    for (let row = hopOffsets[h]!; row < hopOffsets[h + 1]!; row++) {
      if (used + fanout > picks.length) {
        const grown = new Int32Array(2 * picks.length + fanout);
        grown.set(picks);
        picks = grown;
      }
      rowStart[row] = used;
      const count = sampleNodeInto(graphs[h]!, nodeIds[row]!, fanout, seed, picks, used);
      for (let k = used; k < used + count; k++) {
        const id = picks[k]!;
        if (position[id]! < 0 && !freshMark[id]) {
          freshMark[id] = 1;
          fresh.push(id);
        }
      }
      used += count;
      rowStart[row + 1] = used;
    }
    for (const id of Int32Array.from(fresh).sort()) {
      freshMark[id] = 0;
      position[id] = N;
      nodeIds[N++] = id;
    }
    hopOffsets.push(N);
  });
  const sampledRows = hopOffsets[fanouts.length]!;
  const blockIndptr = new Int32Array(N + 1);
  const blockIndices = new Int32Array(used);
  for (let r = 0; r < N; r++) {
    if (r < sampledRows) for (let k = rowStart[r]!; k < rowStart[r + 1]!; k++) blockIndices[k] = position[picks[k]!]!;
    blockIndptr[r + 1] = r < sampledRows ? rowStart[r + 1]! : used;
  }
  return { nodeIds: nodeIds.slice(0, N), hopOffsets: Int32Array.from(hopOffsets), blockIndptr, blockIndices };
}

/** Upper bounds on a batch's nodes and sampled rows, for sizing GPU buffers. */
export function denseBounds(
  numNodes: number,
  seeds: number,
  fanouts: number[],
): { maxNodes: number; maxSampledRows: number } {
  let layer = seeds;
  let sampled = 0;
  let total = seeds;
  for (const f of fanouts) {
    sampled += layer;
    layer *= f;
    total += layer;
  }
  return { maxNodes: Math.min(numNodes, total), maxSampledRows: Math.min(numNodes, sampled) };
}
