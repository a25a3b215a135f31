// DLRM's dot interaction, backward: with v_0 = x[b], v_k = e[b, k − 1] and dz [B, dim + P] the
// gradient of z (forward: z[b] = [x[b], <v_a, v_c> for a > c]),
//   dv_k[c] = [k = 0] · dz[b, c] + Σ_{j ≠ k} dz[b, dim + pair(max(k, j), min(k, j))] · v_j[c],
// pair(a, c) = a(a − 1)/2 + c, written to dx [B, dim] for k = 0 and to de [B, T, dim] otherwise.
// One invocation per (b, k, c) over a 2-D grid of 64-wide workgroups, summing over j in ascending
// order; invocations past B · (T + 1) · dim return.
struct Params { B: u32, T: u32, dim: u32, width: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> e: array<f32>;
@group(0) @binding(2) var<storage, read> dz: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
@group(0) @binding(4) var<storage, read_write> de: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

fn vec_at(b: u32, k: u32, c: u32) -> f32 {
  if (k == 0u) { return x[b * params.dim + c]; }
  return e[(b * params.T + k - 1u) * params.dim + c];
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  let n = params.T + 1u;
  if (i >= params.B * n * params.dim) { return; }
  let c = i % params.dim;
  let k = (i / params.dim) % n;
  let b = i / (params.dim * n);
  let row = b * params.width;
  var g = 0.0;
  if (k == 0u) { g = dz[row + c]; }
  for (var j = 0u; j < n; j++) {
    if (j == k) { continue; }
    let a = max(k, j);
    let lo = min(k, j);
    g += dz[row + params.dim + a * (a - 1u) / 2u + lo] * vec_at(b, j, c);
  }
  if (k == 0u) {
    dx[b * params.dim + c] = g;
  } else {
    de[(b * params.T + k - 1u) * params.dim + c] = g;
  }
}
