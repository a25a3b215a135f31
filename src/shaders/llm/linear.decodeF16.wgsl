// Decode-time linear layer with packed-f16 weights: C[M, N] (= or +=) X[M, K] · Wᵀ, W [N, K]
// stored as f16 pairs in u32 words (src/kernels/llm/halfWeights.ts: row n at words
// n·KW .. n·KW + KW − 1, KW = ceil(K / 2), element 2j in the low half of word j), M ≤ 4 rows.
// The f32 decode kernel (linear.decode.wgsl) with half the weight bytes: decode is bound by the
// weight stream, so this is what halves its time on a real GPU.
//
// Workgroup g owns output columns g·COLS .. g·COLS + COLS − 1; team j (LANES adjacent threads)
// walks the KW words of row n = g·COLS + j, lane l reading words l, l + LANES, … (coalesced,
// UNROLL loads in flight), unpacking each with core `unpack2x16float` (no shader-f16 feature)
// and accumulating both halves into all M rows of X at once in f32 (vec4f, one component per
// row). The pad half of an odd row is zero and xAt returns zero past K, so it adds nothing. The
// LANES partial sums are reduced by a fixed-order tree in workgroup memory (deterministic).

struct Dims { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<u32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override ACCUMULATE: bool = false;
/** Threads per output column (a power of two). */
override LANES: u32 = 32u;
/** Output columns per workgroup. */
override COLS: u32 = 8u;

const MAX_M = 4u;
const UNROLL = 4u;

var<workgroup> partial: array<vec4f, 256>;

/** Rows 0..M−1 of X at column k, as a vec4f (zero past M and past K). */
fn xAt(k: u32) -> vec4f {
  var v = vec4f(0.0);
  if (k >= dims.K) { return v; }
  for (var m = 0u; m < MAX_M; m++) {
    if (m < dims.M) { v[m] = x[m * dims.K + k]; }
  }
  return v;
}

/** Adds both halves of packed word `word` (columns 2j, 2j + 1) into acc. */
fn addPair(acc: vec4f, word: u32, j: u32) -> vec4f {
  let h = unpack2x16float(word);
  return fma(xAt(2u * j + 1u), vec4f(h.y), fma(xAt(2u * j), vec4f(h.x), acc));
}

@compute @workgroup_size(LANES * COLS)
fn main(
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let KW = (dims.K + 1u) / 2u;
  let team = tid / LANES;
  let lane = tid % LANES;
  let n = (wid.x + wid.y * nwg.x) * COLS + team;
  var acc = vec4f(0.0);
  if (n < dims.N) {
    let row = n * KW;
    let step = LANES * UNROLL;
    var j = lane;
    for (; j + (UNROLL - 1u) * LANES < KW; j += step) {
      let w0 = w[row + j];
      let w1 = w[row + j + LANES];
      let w2 = w[row + j + 2u * LANES];
      let w3 = w[row + j + 3u * LANES];
      acc = addPair(acc, w0, j);
      acc = addPair(acc, w1, j + LANES);
      acc = addPair(acc, w2, j + 2u * LANES);
      acc = addPair(acc, w3, j + 3u * LANES);
    }
    for (; j < KW; j += LANES) { acc = addPair(acc, w[row + j], j); }
  }
  partial[tid] = acc;
  workgroupBarrier();
  for (var stride = LANES / 2u; stride > 0u; stride /= 2u) {
    if (lane < stride) { partial[tid] += partial[tid + stride]; }
    workgroupBarrier();
  }
  if (lane == 0u && n < dims.N) {
    let v = partial[tid];
    for (var m = 0u; m < MAX_M; m++) {
      if (m < dims.M) {
        let o = m * dims.N + n;
        if (ACCUMULATE) { c[o] = c[o] + v[m]; } else { c[o] = v[m]; }
      }
    }
  }
}
