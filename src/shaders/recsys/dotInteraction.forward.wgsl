// DLRM's dot interaction, forward: for each example b, the vectors v_0 = x[b] (bottom-MLP output,
// [B, dim]) and v_k = e[b, k − 1] (pooled embeddings, [B, T, dim], k = 1..T) give
//   z[b] = [ x[b], <v_a, v_c> for a = 1..T, c = 0..a − 1 ]      (z [B, dim + T(T + 1)/2])
// with pair p = a(a − 1)/2 + c, DLRM's order (its li/lj lists without self-interaction). One
// invocation per output element over a 2-D grid of 64-wide workgroups; invocations past
// B · width return. Each dot product sums its dim terms in ascending order.
struct Params { B: u32, T: u32, dim: u32, width: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> e: array<f32>;
@group(0) @binding(2) var<storage, read_write> z: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn vec_at(b: u32, k: u32, c: u32) -> f32 {
  if (k == 0u) { return x[b * params.dim + c]; }
  return e[(b * params.T + k - 1u) * params.dim + c];
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.B * params.width) { return; }
  let b = i / params.width;
  let k = i % params.width;
  if (k < params.dim) {
    z[i] = x[b * params.dim + k];
    return;
  }
  let p = k - params.dim;
  // The pair (a, c) with a(a − 1)/2 ≤ p < a(a + 1)/2.
  var a = 1u;
  while ((a + 1u) * a / 2u <= p) { a++; }
  let c = p - a * (a - 1u) / 2u;
  var s = 0.0;
  for (var j = 0u; j < params.dim; j++) { s += vec_at(b, a, j) * vec_at(b, c, j); }
  z[i] = s;
}
