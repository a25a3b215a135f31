// All-reduce of embedding-row gradients across data-parallel trainers that share one GPU: for
// i < count and every column c,
//   out[dst[i], c] = (Σ_{k < K} src[index[i·K + k], c]) / divisor
// where index[i·K + k] is the row of `src` holding trainer k's gradient of the i-th row, or −1 when
// that trainer has none (it adds nothing). The sum starts at 0.0 and runs in k order in one
// invocation per (i, c): no atomics, deterministic, and a sum over a single source is that source
// exactly (so parking one trainer's gradient, K = 1 and divisor 1, is an exact copy). dst rows are
// distinct (the host checks), so no two invocations write one element.
struct Params { count: u32, dim: u32, k: u32, divisor: f32 }

@group(0) @binding(0) var<storage, read> src: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<storage, read> index: array<i32>;
@group(0) @binding(3) var<storage, read> dst: array<u32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.count * params.dim) { return; }
  let i = t / params.dim;
  let c = t % params.dim;
  var acc = 0.0;
  for (var k = 0u; k < params.k; k++) {
    let r = index[i * params.k + k];
    if (r >= 0) { acc = acc + src[u32(r) * params.dim + c]; }
  }
  out[dst[i] * params.dim + c] = acc / params.divisor;
}
