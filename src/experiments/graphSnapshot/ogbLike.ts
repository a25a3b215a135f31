// Graphs shaped like the paper's data sets (GraphSnapShot Table 2: ogbn-arxiv, ogbn-products,
// ogbn-mag), generated here because the real files are hundreds of MB. Each keeps the published
// node and edge counts (optionally divided by a scale factor, which keeps the mean degree) and a
// heavy-tailed degree distribution: a Chung–Lu graph whose node weights are Pareto with the tail
// index of the Graph group (an assumption; citation and co-purchase graphs have power-law tails).
// Each edge picks its source ∝ weight, and its destination ∝ weight too, inside the source's
// community with probability `homophily` (so the labels are learnable), else anywhere. A draw
// that lands on its own source is redrawn (dropping it would thin exactly the hubs the snapshots
// cache); an edge drawn twice between two hubs stays two entries, so the published edge count
// holds exactly.
import { pcgHash } from '../../data/pcg32';
import type { Csr } from '../../data/graphs/csr';
import type { NodeClassificationGraph } from '../../data/graphs/generators';

export interface OgbShape {
  id: 'ogbn-arxiv' | 'ogbn-products' | 'ogbn-mag';
  label: string;
  nodes: number;
  /** Edges as GraphSnapShot's Table 2 counts them ("original edges"). */
  tableEdges: number;
  /** Undirected edges: Table 2 counts products in both directions (2 × 61,859,140). */
  undirectedEdges: number;
  /** Table 2: edges stored with snapshots. */
  tableStored: number;
  /** Table 2's printed reduction of stored edges, %. */
  tableReductionPct: number;
}

export const OGB_SHAPES: OgbShape[] = [
  {
    id: 'ogbn-arxiv',
    label: 'ogbn-arxiv-like (169,343 nodes, 1,166,243 edges)',
    nodes: 169_343,
    tableEdges: 1_166_243,
    undirectedEdges: 1_166_243,
    tableStored: 552_228,
    tableReductionPct: 52.65,
  },
  {
    id: 'ogbn-products',
    label: 'ogbn-products-like (2,449,029 nodes, 61,859,140 edges)',
    nodes: 2_449_029,
    tableEdges: 123_718_280,
    undirectedEdges: 61_859_140,
    tableStored: 20_449_813,
    tableReductionPct: 83.47,
  },
  {
    id: 'ogbn-mag',
    label: 'ogbn-mag-like (paper citations: 736,389 nodes, 5,416,271 edges)',
    nodes: 736_389,
    tableEdges: 5_416_271,
    undirectedEdges: 5_416_271,
    tableStored: 556_904,
    tableReductionPct: 89.72,
  },
];

/**
 * The Pareto tail index at which a share `denseShare` of the nodes has degree > theta, for mean
 * degree `meanDegree`: P(deg > θ) = (x_min/θ)^a with x_min = mean·(a−1)/a (computed, bisection).
 * For ogbn-arxiv the paper's code README reports 5,982 of 169,343 nodes above θ = 30.
 */
export function tailIndexFor(meanDegree: number, theta: number, denseShare: number): number {
  const share = (a: number) => Math.min(1, (meanDegree * (a - 1)) / a / theta) ** a;
  // share(a) rises from 0 (a → 1) to a maximum, then falls; search the rising branch.
  let lo = 1.0001;
  let hi = 1.0001;
  while (hi < 10 && share(hi + 0.05) > share(hi)) hi += 0.05;
  if (share(hi) < denseShare) return hi;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (share(mid) < denseShare) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Nodes above θ = 30 in the real ogbn-arxiv, from the paper's code README. */
export const ARXIV_DENSE = { theta: 30, nodes: 5_982 };
const arxiv = { nodes: 169_343, edges: 1_166_243 };
/** ≈ 1.13: the tail index all three ogb-like graphs use (only arxiv's dense count is published). */
export const OGB_TAIL_INDEX = tailIndexFor(
  (2 * arxiv.edges) / arxiv.nodes,
  ARXIV_DENSE.theta,
  ARXIV_DENSE.nodes / arxiv.nodes,
);

export const findOgbShape = (id: unknown): OgbShape | undefined => OGB_SHAPES.find((s) => s.id === id);

/**
 * The largest ogb-like graph the live view generates, so that a change of graph or scale is a
 * pause, not a page frozen for minutes: the first model call on ogbn-products-like at 1/64
 * (966,549 edges) took ≈ 0.76 s in Node on this project's 2-core machine, about 0.8 µs per edge,
 * so this cap is ≈ 1.5 s, while 1/4 takes seconds to tens of seconds and 1/1 minutes.
 * Run still generates any size: it is started on purpose.
 */
export const LIVE_MODEL_MAX_EDGES = 2_000_000;

/** Why the live view will not generate this ogb-like graph, or undefined when it will. */
export function liveGraphTooLarge(graph: unknown, scale: number): string | undefined {
  const shape = findOgbShape(graph);
  if (!shape) return undefined;
  const edges = Math.round(shape.undirectedEdges / scale);
  if (edges <= LIVE_MODEL_MAX_EDGES) return undefined;
  const minScale = Math.ceil(shape.undirectedEdges / LIVE_MODEL_MAX_EDGES);
  const fmt = (x: number) => x.toLocaleString('en-US');
  return (
    `The live view generates graphs of up to ${fmt(LIVE_MODEL_MAX_EDGES)} edges so that it stays interactive; ` +
    `${shape.id}-like at scale 1/${scale} has ${fmt(edges)} edges. Set "ogb-like graphs: scale 1/x" to ${minScale} or more, ` +
    `or press Run to model and sample it at this size once.`
  );
}

export interface OgbLikeOptions {
  shape: OgbShape;
  /** Nodes and edges are divided by this (≥ 1); the mean degree stays. */
  scale: number;
  tailIndex: number;
  communities: number;
  homophily: number;
  featureNoise: number;
  seed: number;
}

/** Index of the first cumulative weight above u (binary search). */
function pick(cum: Float64Array, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid]! > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Undirected graph from an edge list: both directions, each row sorted; repeated edges stay entries. */
function simpleUndirected(src: Int32Array, dst: Int32Array, n: number): Csr {
  const count = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) {
    count[src[e]! + 1]++;
    count[dst[e]! + 1]++;
  }
  for (let v = 0; v < n; v++) count[v + 1] += count[v]!;
  const fill = count.slice(0, n);
  const all = new Int32Array(count[n]!);
  for (let e = 0; e < src.length; e++) {
    all[fill[src[e]!]!++] = dst[e]!;
    all[fill[dst[e]!]!++] = src[e]!;
  }
  const indptr = new Int32Array(n + 1);
  let w = 0;
  for (let v = 0; v < n; v++) {
    const row = all.subarray(count[v]!, count[v + 1]!).sort();
    for (let i = 0; i < row.length; i++) all[w++] = row[i]!;
    indptr[v + 1] = w;
  }
  return { numNodes: n, indptr, indices: all.slice(0, w) };
}

export function generateOgbLike(o: OgbLikeOptions): NodeClassificationGraph {
  const n = Math.max(100, Math.round(o.shape.nodes / o.scale));
  const m = Math.round(o.shape.undirectedEdges / o.scale);
  // Millions of draws: a counter hashed with PCG (two 32-bit words per double) instead of the
  // BigInt PCG32 stream, which would take seconds here.
  let counter = 0;
  const base = pcgHash(o.seed ^ 0x9e3779b9);
  const u01 = () => (pcgHash(base + counter++) * 2 ** 21 + (pcgHash(base + counter++) >>> 11)) / 2 ** 53;
  const rng = { nextFloat: u01, int: (k: number) => Math.min(k - 1, Math.floor(u01() * k)) };
  const normal = () => Math.sqrt(-2 * Math.log(1 - u01())) * Math.cos(2 * Math.PI * u01());
  const a = o.tailIndex;
  // Pareto(a) weights with mean 1 (x_min = (a−1)/a); a ≤ 1 has no mean, so it is clamped.
  const tail = Math.max(1.05, a);
  const weight = Float64Array.from({ length: n }, () => ((tail - 1) / tail) * (1 - rng.nextFloat()) ** (-1 / tail));
  const k = o.communities;
  const labels = Int32Array.from({ length: n }, () => rng.int(k));
  // Cumulative weights over all nodes, and per community over its members (for homophilous ends).
  const cum = new Float64Array(n);
  let total = 0;
  for (let v = 0; v < n; v++) cum[v] = total += weight[v]!;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let v = 0; v < n; v++) members[labels[v]!]!.push(v);
  const groupCum = members.map((g) => {
    const c = new Float64Array(g.length);
    let t = 0;
    g.forEach((v, i) => (c[i] = t += weight[v]!));
    return c;
  });
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  let kept = 0;
  for (let e = 0; e < m; e++) {
    const u = pick(cum, rng.nextFloat() * total);
    let v = u;
    // Redraw the destination while it is the source (a bounded number of times: a community of one
    // node can only loop, and such an edge is then dropped).
    for (let tries = 0; v === u && tries < 64; tries++) {
      if (rng.nextFloat() < o.homophily) {
        const g = labels[u]!;
        const c = groupCum[g]!;
        v = members[g]![pick(c, rng.nextFloat() * c[c.length - 1]!)]!;
      } else v = pick(cum, rng.nextFloat() * total);
    }
    if (u === v) continue;
    src[kept] = u;
    dst[kept] = v;
    kept++;
  }
  const graph = simpleUndirected(src.subarray(0, kept), dst.subarray(0, kept), n);
  const d = 16;
  const means = Array.from({ length: k }, () => {
    const mu = Array.from({ length: d }, () => normal());
    const norm = Math.hypot(...mu) || 1;
    return mu.map((x) => x / norm);
  });
  const features = new Float32Array(n * d);
  for (let v = 0; v < n; v++)
    for (let j = 0; j < d; j++) features[v * d + j] = means[labels[v]!]![j]! + o.featureNoise * normal();
  // Fisher–Yates with the fast draws, then 30 % train / 10 % validation / the rest test, each sorted.
  const order = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const nTrain = Math.round(0.3 * n);
  const nValid = Math.round(0.1 * n);
  const split = {
    train: order.slice(0, nTrain).sort(),
    valid: order.slice(nTrain, nTrain + nValid).sort(),
    test: order.slice(nTrain + nValid).sort(),
  };
  const scaled = o.scale > 1 ? `, 1/${o.scale} scale` : '';
  return {
    graph,
    features,
    featureDim: d,
    labels,
    numClasses: k,
    ...split,
    name: `${o.shape.id}-like (${n.toLocaleString('en-US')} nodes${scaled}, tail ${a})`,
  };
}
