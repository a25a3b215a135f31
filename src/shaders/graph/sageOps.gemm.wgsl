// C[M,N] (= or +=) op(A)·op(B), f32, row-major storage. op(A) = A[M,K], or Aᵀ when TRANS_A
// (A stored [K,M]); op(B) = B[K,N], or Bᵀ when TRANS_B (B stored [N,K]). The GraphSAGE layers
// need all three forms: forward H·W, weight gradient Hᵀ·dZ, input gradient dZ·Wᵀ. One invocation
// per output element with a plain K loop: the layer widths here are 2–128, far too small for
// tiling to pay (src/shaders/matmul/matmul.wgsl is the tiled kernel for big square products).
struct Params { M: u32, N: u32, K: u32, accumulate: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

override TRANS_A: bool = false;
override TRANS_B: bool = false;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let M = params.M;
  let N = params.N;
  let K = params.K;
  if (t >= M * N) { return; }
  let r = t / N;
  let col = t % N;
  var acc = 0.0;
  for (var k = 0u; k < K; k++) {
    var av: f32;
    var bv: f32;
    if (TRANS_A) { av = a[k * M + r]; } else { av = a[r * K + k]; }
    if (TRANS_B) { bv = b[col * K + k]; } else { bv = b[k * N + col]; }
    acc = fma(av, bv, acc);
  }
  if (params.accumulate != 0u) { acc = acc + c[t]; }
  c[t] = acc;
}
