// Decode-time linear layer: C[M, N] (= or +=) X[M, K] · Wᵀ with W [N, K] (PyTorch [out, in]) and
// few rows (M ≤ 4: one token per sequence of a small batch). Decode is weight-bandwidth bound, so
// every W element is read exactly once, with coalesced loads.
//
// Workgroup g (flattened from a 2-D grid) owns output columns g·COLS .. g·COLS + COLS − 1. Its
// LANES·COLS threads form COLS teams of LANES adjacent threads; team j walks row n = g·COLS + j of
// W: lane l reads W[n, l], W[n, l + LANES], … (adjacent threads, adjacent addresses, UNROLL
// independent loads in flight per step) and multiplies them into all M rows of X at once (a vec4f
// accumulator, one component per row; X is small and shared by all workgroups through the cache).
// The LANES partial sums of each team are then reduced by a tree in workgroup memory (fixed order:
// deterministic), and lane 0 writes the column. Teams past N do no loads but take part in the
// barriers. LANES must be a power of two and LANES·COLS ≤ 256.

struct Dims { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
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

/** Rows 0..M−1 of X at column k, as a vec4f (zero past M). */
fn xAt(k: u32) -> vec4f {
  var v = vec4f(0.0);
  for (var m = 0u; m < MAX_M; m++) {
    if (m < dims.M) { v[m] = x[m * dims.K + k]; }
  }
  return v;
}

@compute @workgroup_size(LANES * COLS)
fn main(
  @builtin(local_invocation_index) tid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  let K = dims.K;
  let team = tid / LANES;
  let lane = tid % LANES;
  let n = (wid.x + wid.y * nwg.x) * COLS + team;
  var acc = vec4f(0.0);
  if (n < dims.N) {
    let row = n * K;
    let step = LANES * UNROLL;
    var k = lane;
    // Full steps: UNROLL loads of W issued before their FMAs.
    for (; k + (UNROLL - 1u) * LANES < K; k += step) {
      let w0 = w[row + k];
      let w1 = w[row + k + LANES];
      let w2 = w[row + k + 2u * LANES];
      let w3 = w[row + k + 3u * LANES];
      acc = fma(xAt(k), vec4f(w0), acc);
      acc = fma(xAt(k + LANES), vec4f(w1), acc);
      acc = fma(xAt(k + 2u * LANES), vec4f(w2), acc);
      acc = fma(xAt(k + 3u * LANES), vec4f(w3), acc);
    }
    for (; k < K; k += LANES) { acc = fma(xAt(k), vec4f(w[row + k]), acc); }
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
