// C[M,N] = A[M,K] · B[K,N] for skinny A (M ≤ 4: decode-time GEMV). The 64×64-tile matmul would
// leave 63 of 64 tile rows idle here, so instead each 256-thread workgroup owns 64 columns of C:
// 16 column groups of 4 adjacent columns × 16 slices of K. Neighbouring threads read
// neighbouring columns of one row of B (coalesced), B is read exactly once, and the 16 K-slice
// partial sums are reduced in workgroup memory, one output row at a time.

struct Dims { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const COL_GROUPS = 16u;
const K_SLICES = 16u;
const MAX_M = 4u;

var<workgroup> partial: array<vec4f, 256>;

fn loadB4(k: u32, col: u32) -> vec4f {
  let base = k * dims.N + col;
  if (col + 3u < dims.N) { return vec4f(b[base], b[base + 1u], b[base + 2u], b[base + 3u]); }
  var v = vec4f(0.0);
  for (var j = 0u; j < 4u; j++) { if (col + j < dims.N) { v[j] = b[base + j]; } }
  return v;
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) tid: u32, @builtin(workgroup_id) wid: vec3u) {
  let group = tid % COL_GROUPS;
  let slice = tid / COL_GROUPS;
  let col = wid.x * COL_GROUPS * 4u + group * 4u;
  var acc: array<vec4f, 4>;
  for (var k = slice; k < dims.K; k += K_SLICES) {
    let bv = loadB4(k, col);
    for (var m = 0u; m < MAX_M; m++) {
      if (m < dims.M) { acc[m] = fma(vec4f(a[m * dims.K + k]), bv, acc[m]); }
    }
  }
  for (var m = 0u; m < MAX_M; m++) {
    if (m >= dims.M) { break; }  // uniform: dims.M is the same for the whole workgroup
    partial[tid] = acc[m];
    workgroupBarrier();
    // Tree over the K slices: thread (group, s) adds slice s + stride into slice s.
    for (var stride = K_SLICES / 2u; stride > 0u; stride /= 2u) {
      if (slice < stride) { partial[tid] += partial[tid + stride * COL_GROUPS]; }
      workgroupBarrier();
    }
    if (slice == 0u) {
      let v = partial[group];
      for (var j = 0u; j < 4u; j++) {
        if (col + j < dims.N) { c[m * dims.N + col + j] = v[j]; }
      }
    }
    workgroupBarrier();
  }
}
