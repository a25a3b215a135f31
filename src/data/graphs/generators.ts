// Seeded synthetic graphs:
//  * a stochastic block model with community labels and noisy Gaussian features, so node
//    classification is a real learning task (features alone are ambiguous; neighbours help);
//  * R-MAT (Chakrabarti et al. 2004) for skewed, power-law degree distributions at scale.
import { createRng, type Rng } from '../pcg32';
import { csrFromEdges, type Csr } from './csr';

export interface NodeClassificationGraph {
  graph: Csr;
  /** [numNodes, featureDim] row-major. */
  features: Float32Array;
  featureDim: number;
  labels: Int32Array;
  numClasses: number;
  /** Node ids of each split, sorted. */
  train: Int32Array;
  valid: Int32Array;
  test: Int32Array;
  name: string;
}

export interface SbmOptions {
  numNodes: number;
  communities: number;
  /** Mean degree of the symmetrised graph. */
  avgDegree: number;
  /** Share of each node's edges that stay inside its community (0.5–1: homophilous). */
  homophily: number;
  featureDim: number;
  /** Standard deviation of the feature noise; class means have unit norm. */
  featureNoise: number;
  trainFraction: number;
  validFraction: number;
  seed: number;
  /**
   * Degree correction: each node emits edges in proportion to a Pareto(tail index) weight with
   * mean 1, so degrees are heavy-tailed (hubs) while communities stay. Off when absent.
   */
  degreeTail?: number;
}

/** Random ids split into train / valid / test, each sorted. */
export function splitNodes(n: number, trainFraction: number, validFraction: number, rng: Rng) {
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const nTrain = Math.max(1, Math.round(n * trainFraction));
  const nValid = Math.min(n - nTrain, Math.round(n * validFraction));
  const sorted = (a: number[]) => Int32Array.from(a).sort();
  return {
    train: sorted(order.slice(0, nTrain)),
    valid: sorted(order.slice(nTrain, nTrain + nValid)),
    test: sorted(order.slice(nTrain + nValid)),
  };
}

/**
 * Planted-partition SBM generated edge by edge in O(m): each node emits avgDegree/2 edges (the
 * graph is then symmetrised); each edge stays in the node's community with probability
 * `homophily`, else goes to a uniform random node. Equivalent to an SBM with
 * p_in ≈ h·avgDeg/(n/k) + p_out and p_out ≈ (1−h)·avgDeg/n. Communities are assigned at random
 * (not by id range), so id-range partitions mix communities, as in real graphs.
 */
export function generateSbm(o: SbmOptions): NodeClassificationGraph {
  const rng = createRng(o.seed);
  const n = o.numNodes;
  const k = o.communities;
  const labels = new Int32Array(n);
  const members: number[][] = Array.from({ length: k }, () => []);
  const perm = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  perm.forEach((v, i) => {
    labels[v] = i % k;
    members[i % k]!.push(v);
  });

  const src: number[] = [];
  const dst: number[] = [];
  const tail = o.degreeTail;
  for (let v = 0; v < n; v++) {
    // Pareto(a) with x_min = (a−1)/a has mean 1: E[edges] stays avgDegree / 2 per node.
    const weight = tail && tail > 1 ? ((tail - 1) / tail) * (1 - rng.nextFloat()) ** (-1 / tail) : 1;
    const half = (o.avgDegree / 2) * weight;
    // Integer part always, fractional part with its probability: mean exactly avgDegree / 2.
    const count = Math.min(n, Math.floor(half) + (rng.nextFloat() < half - Math.floor(half) ? 1 : 0));
    for (let t = 0; t < count; t++) {
      const group = members[labels[v]!]!;
      const u = rng.nextFloat() < o.homophily ? group[rng.int(group.length)]! : rng.int(n);
      src.push(v);
      dst.push(u);
    }
  }
  const graph = csrFromEdges(src, dst, n, { symmetric: true, name: 'SBM' });

  const d = o.featureDim;
  const means = Array.from({ length: k }, () => {
    const m = Array.from({ length: d }, () => rng.normal());
    const norm = Math.hypot(...m) || 1;
    return m.map((x) => x / norm);
  });
  const features = new Float32Array(n * d);
  for (let v = 0; v < n; v++) {
    for (let j = 0; j < d; j++) features[v * d + j] = means[labels[v]!]![j]! + o.featureNoise * rng.normal();
  }
  const split = splitNodes(n, o.trainFraction, o.validFraction, rng.fork(1));
  return {
    graph,
    features,
    featureDim: d,
    labels,
    numClasses: k,
    ...split,
    name: `SBM(n=${n}, k=${k}, deg=${o.avgDegree}, h=${o.homophily})`,
  };
}

export interface RmatOptions {
  /** numNodes = 2^scale. */
  scale: number;
  numEdges: number;
  /** Quadrant probabilities; d = 1 − a − b − c. Graph500 uses 0.57 / 0.19 / 0.19. */
  a?: number;
  b?: number;
  c?: number;
  symmetric?: boolean;
  seed: number;
}

/** R-MAT: each edge descends `scale` levels of the adjacency matrix, picking a quadrant per level. */
export function generateRmat(o: RmatOptions): Csr {
  const a = o.a ?? 0.57;
  const b = o.b ?? 0.19;
  const c = o.c ?? 0.19;
  if (!(a >= 0 && b >= 0 && c >= 0 && a + b + c <= 1))
    throw new RangeError(`R-MAT probabilities a=${a}, b=${b}, c=${c} must be ≥ 0 with a + b + c ≤ 1`);
  const rng = createRng(o.seed);
  const src = new Int32Array(o.numEdges);
  const dst = new Int32Array(o.numEdges);
  for (let e = 0; e < o.numEdges; e++) {
    let u = 0;
    let v = 0;
    for (let level = 0; level < o.scale; level++) {
      const r = rng.nextFloat();
      const down = r >= a + b; // lower half: quadrants c, d
      const right = (r >= a && r < a + b) || r >= a + b + c;
      u = (u << 1) | (down ? 1 : 0);
      v = (v << 1) | (right ? 1 : 0);
    }
    src[e] = u;
    dst[e] = v;
  }
  return csrFromEdges(src, dst, 2 ** o.scale, { symmetric: o.symmetric ?? true, name: 'R-MAT' });
}
