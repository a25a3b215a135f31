// A synthetic attention layer whose heads are drawn around a few prototypes, so head redundancy
// is a dial rather than a property of weights we cannot download. Per head h with prototype p(h):
//   W_q,h = τ·(√r·P_q,p + √(1−r)·N_q,h),  W_k,h = √r·P_k,p + √(1−r)·N_k,h,  W_v,h = N_v,h
// with every P and N entry ~ N(0, 1/D) (D = hidden size) and token states x ~ N(0, I_D). So
// q and k entries have variance τ² and 1, the logits q·k/√d have standard deviation ≈ τ, and
// two heads of one prototype have weight correlation r: r = 1 makes them identical, r = 0 makes
// every head independent. The random-init control has no prototypes at all. V is always per
// head: CHAI keeps every head's V.
// The draws (P, N) are separate from the mixing (r, τ), and projection is linear, so X·P and
// X·N are computed once and a sweep over r only re-mixes them.
import { hashFloat, type Rng } from '../../data/pcg32';

export interface LayerShape {
  heads: number;
  headDim: number;
  hidden: number;
  /** Prototype count; ignored for the random-init control. */
  prototypes: number;
  randomInit: boolean;
}

export interface LayerDraws {
  shape: LayerShape;
  /** [P] prototype weights, each [D × d] row-major (empty for random init). */
  protoQ: Float64Array[];
  protoK: Float64Array[];
  /** [H] per-head weights, each [D × d]. */
  noiseQ: Float64Array[];
  noiseK: Float64Array[];
  wv: Float64Array[];
  /** Ground truth: each head's prototype (its own index for random init). */
  prototypeOf: Int32Array;
}

/**
 * n values ~ N(0, std²) by Box–Muller over the stateless PCG hash stream named by `seed`:
 * counter-based, so drawing millions of weights costs no sequential generator state.
 */
function gaussian(seed: number, n: number, std: number): Float64Array {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const radius = std * Math.sqrt(-2 * Math.log(1 - hashFloat(seed, i))); // 1 − u ∈ (0, 1]: log stays finite
    const angle = 2 * Math.PI * hashFloat(seed, i + 1);
    a[i] = radius * Math.cos(angle);
    if (i + 1 < n) a[i + 1] = radius * Math.sin(angle);
  }
  return a;
}

export function drawLayer(shape: LayerShape, rng: Rng): LayerDraws {
  const { heads: H, headDim: d, hidden: D } = shape;
  const P = shape.randomInit ? 0 : Math.min(shape.prototypes, H);
  const std = 1 / Math.sqrt(D);
  const protoRng = rng.fork(1);
  const noiseRng = rng.fork(2);
  // Heads are spread evenly over prototypes, in a shuffled order so groups are not contiguous.
  const prototypeOf = shape.randomInit
    ? Int32Array.from({ length: H }, (_, h) => h)
    : Int32Array.from(rng.fork(3).shuffle(Array.from({ length: H }, (_, h) => h % P)));
  const draw = (r: Rng, n: number) => Array.from({ length: n }, () => gaussian(r.nextU32(), D * d, std));
  return {
    shape,
    prototypeOf,
    protoQ: draw(protoRng, P),
    protoK: draw(protoRng, P),
    noiseQ: draw(noiseRng, H),
    noiseK: draw(noiseRng, H),
    wv: draw(noiseRng, H),
  };
}

/** √r·proto + √(1−r)·noise, times `scale`; random init has no prototype term. */
function mix(
  proto: ArrayLike<number> | undefined,
  noise: ArrayLike<number>,
  r: number,
  scale: number,
  out: Float32Array | Float64Array,
  at: number,
  n: number,
  pAt = 0,
  nAt = 0,
): void {
  const a = proto ? Math.sqrt(r) : 0;
  const b = proto ? Math.sqrt(1 - r) : 1;
  for (let c = 0; c < n; c++) out[at + c] = scale * (a * (proto ? proto[pAt + c]! : 0) + b * noise[nAt + c]!);
}

export interface HeadWeights {
  wq: Float64Array[];
  wk: Float64Array[];
}

/** Effective W_q and W_k of every head at redundancy r and logit spread τ. */
export function headWeights(x: LayerDraws, r: number, tau: number): HeadWeights {
  const n = x.shape.hidden * x.shape.headDim;
  const one = (proto: Float64Array[], noise: Float64Array[], scale: number) =>
    noise.map((nz, h) => {
      const w = new Float64Array(n);
      mix(proto[x.prototypeOf[h]!], nz, r, scale, w, 0, n);
      return w;
    });
  return { wq: one(x.protoQ, x.noiseQ, tau), wk: one(x.protoK, x.noiseK, 1) };
}

/** n token states of size D, each entry ~ N(0, 1), row-major. */
export function tokenStates(rng: Rng, n: number, hidden: number): Float64Array {
  return gaussian(rng.nextU32(), n * hidden, 1);
}

/** Row `row` of x [n × D] times w [D × d], written to out at outOffset (f64 only: keeps this hot loop monomorphic). */
export function projectRow(
  x: Float64Array,
  row: number,
  w: Float64Array,
  hidden: number,
  d: number,
  out: Float64Array,
  outOffset: number,
): void {
  out.fill(0, outOffset, outOffset + d);
  for (let i = 0; i < hidden; i++) {
    const xi = x[row * hidden + i]!;
    const wi = i * d;
    for (let c = 0; c < d; c++) out[outOffset + c]! += xi * w[wi + c]!;
  }
}

export interface DecodeBatch {
  shape: { batch: number; context: number; heads: number; headDim: number };
  /** [B, H, d], [B, T, H, d], [B, T, H, d] in f32, ready for the kernels. */
  q: Float32Array;
  k: Float32Array;
  v: Float32Array;
}

/**
 * Every draw projected through B sequences' token states (T context rows, then the query token
 * as the last row): q parts from the query row, K parts and V from the context rows.
 */
export interface ProjectedLayer {
  draws: LayerDraws;
  batch: number;
  context: number;
  qProto: Float64Array[][]; // [B][P] → d
  qNoise: Float64Array[][]; // [B][H] → d
  kProto: Float64Array[][]; // [B][P] → T × d
  kNoise: Float64Array[][]; // [B][H] → T × d
  v: Float32Array;
}

export function projectLayer(draws: LayerDraws, states: Float64Array[], context: number): ProjectedLayer {
  const { heads: H, headDim: d, hidden: D } = draws.shape;
  const B = states.length;
  const rows = (x: Float64Array, w: Float64Array, n: number) => {
    const out = new Float64Array(n * d);
    for (let t = 0; t < n; t++) projectRow(x, t, w, D, d, out, t * d);
    return out;
  };
  const query = (x: Float64Array, w: Float64Array) => {
    const out = new Float64Array(d);
    projectRow(x, x.length / D - 1, w, D, d, out, 0);
    return out;
  };
  const v = new Float32Array(B * context * H * d);
  states.forEach((x, b) =>
    draws.wv.forEach((w, h) => {
      const vh = rows(x, w, context);
      for (let t = 0; t < context; t++) v.set(vh.subarray(t * d, (t + 1) * d), ((b * context + t) * H + h) * d);
    }),
  );
  return {
    draws,
    batch: B,
    context,
    v,
    qProto: states.map((x) => draws.protoQ.map((w) => query(x, w))),
    qNoise: states.map((x) => draws.noiseQ.map((w) => query(x, w))),
    kProto: states.map((x) => draws.protoK.map((w) => rows(x, w, context))),
    kNoise: states.map((x) => draws.noiseK.map((w) => rows(x, w, context))),
  };
}

/** The kernels' f32 inputs at redundancy r and logit spread τ (only re-mixes the projections). */
export function decodeBatch(p: ProjectedLayer, r: number, tau: number): DecodeBatch {
  const { heads: H, headDim: d } = p.draws.shape;
  const { batch: B, context: T } = p;
  const q = new Float32Array(B * H * d);
  const k = new Float32Array(B * T * H * d);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const proto = p.draws.prototypeOf[h]!;
      mix(p.qProto[b]![proto], p.qNoise[b]![h]!, r, tau, q, (b * H + h) * d, d);
      const kp = p.kProto[b]![proto];
      const kn = p.kNoise[b]![h]!;
      for (let t = 0; t < T; t++) mix(kp, kn, r, 1, k, ((b * T + t) * H + h) * d, d, t * d, t * d);
    }
  }
  return { shape: { batch: B, context: T, heads: H, headDim: d }, q, k, v: p.v };
}
