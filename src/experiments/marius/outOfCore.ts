// The real run's partition buffer on a small graph: nodes are split into p id-range partitions;
// each buffer state of an ordering trains the training nodes assigned to it (BETA: first state
// holding the node's partition; COMET: a random one, as Marius's randomlyAssignTrainNodesToBuffers
// does) and samples only inside the subgraph induced by the resident partitions. The bytes a
// disk would move are counted from what each state really needed: the features of admitted
// partitions and the edges of newly co-resident partition pairs.
import type { Rng } from '../../data/pcg32';
import { inducedSubgraph, type Csr } from '../../data/graphs/csr';
import { betaOrdering, cometOrdering, forEachState, OrderingError, swapsOf, type BufferOrdering } from './orderings';
import { UserInputError } from '../types';

export type RunMode = 'in-memory' | 'BETA' | 'COMET';

export interface BufferStatePlan {
  members: Int32Array;
  /** Training nodes this state trains on. */
  trainNodes: Int32Array;
  /** Subgraph of the resident partitions (node ids unchanged). */
  graph: Csr;
  readBytes: number;
  partitionsRead: number;
}

export interface EpochPlan {
  states: BufferStatePlan[];
  swaps: number;
  readBytes: number;
}

export function partitionOf(numNodes: number, p: number): (v: number) => number {
  const size = Math.ceil(numNodes / p);
  return (v) => Math.floor(v / size);
}

/** Edges per (source partition, destination partition) bucket. */
export function bucketEdgeCounts(g: Csr, p: number): Float64Array {
  const part = partitionOf(g.numNodes, p);
  const counts = new Float64Array(p * p);
  for (let v = 0; v < g.numNodes; v++)
    for (let e = g.indptr[v]!; e < g.indptr[v + 1]!; e++) counts[part(v) * p + part(g.indices[e]!)]!++;
  return counts;
}

export function orderingFor(mode: RunMode, p: number, c: number, ratio: number, rng: Rng): BufferOrdering | null {
  try {
    if (mode === 'BETA') return betaOrdering(p, c, rng);
    if (mode === 'COMET') return cometOrdering(p, c, ratio, rng);
    return null;
  } catch (e) {
    if (e instanceof OrderingError) throw new UserInputError(`real run: ${e.message}`);
    throw e;
  }
}

export function planEpoch(
  g: Csr,
  train: Int32Array,
  rowBytes: number,
  mode: RunMode,
  p: number,
  c: number,
  ratio: number,
  rng: Rng,
): EpochPlan {
  const n = g.numNodes;
  const ordering = orderingFor(mode, p, c, ratio, rng.fork(1));
  const edgeBytes = 8; // int32 (src, dst)
  if (!ordering) {
    return {
      swaps: 0,
      readBytes: n * rowBytes + g.indices.length * edgeBytes,
      states: [
        {
          members: Int32Array.from({ length: p }, (_, i) => i),
          trainNodes: train,
          graph: g,
          readBytes: n * rowBytes + g.indices.length * edgeBytes,
          partitionsRead: p,
        },
      ],
    };
  }
  const part = partitionOf(n, p);
  const size = Math.ceil(n / p);
  const partRows = (q: number) => Math.max(0, Math.min(n, (q + 1) * size) - q * size);
  const buckets = bucketEdgeCounts(g, p);
  const memberships: Int32Array[] = [];
  const holding: number[][] = Array.from({ length: p }, () => []);
  const states: BufferStatePlan[] = [];
  forEachState(ordering, (k, members, admitted) => {
    memberships.push(members.slice());
    for (const q of members) holding[q]!.push(k);
    const resident = new Set(members);
    const fresh = new Set(admitted);
    let bytes = 0;
    for (const q of admitted) bytes += partRows(q) * rowBytes;
    for (const q of members)
      for (const r of members) if (fresh.has(q) || fresh.has(r)) bytes += buckets[q * p + r]! * edgeBytes;
    const keep = new Uint8Array(n);
    for (let v = 0; v < n; v++) keep[v] = resident.has(part(v)) ? 1 : 0;
    states.push({
      members: members.slice(),
      trainNodes: new Int32Array(0),
      graph: inducedSubgraph(g, keep),
      readBytes: bytes,
      partitionsRead: admitted.length,
    });
  });
  const assigned: number[][] = states.map(() => []);
  const pick = rng.fork(2);
  for (const v of train) {
    const options = holding[part(v)]!;
    const k = mode === 'BETA' ? options[0]! : options[pick.int(options.length)]!;
    assigned[k]!.push(v);
  }
  states.forEach((s, k) => {
    s.trainNodes = Int32Array.from(assigned[k]!);
  });
  return { states, swaps: swapsOf(ordering), readBytes: states.reduce((a, s) => a + s.readBytes, 0) };
}
