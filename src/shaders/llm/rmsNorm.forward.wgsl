// RMSNorm forward, y[t, :] = x[t, :] · rstd[t] ⊙ w with rstd[t] = 1 / sqrt(mean_j x[t, j]² + eps),
// for x [T, H] (f32, row-major). One workgroup of WG threads per row t (rows over a 2-D grid when
// T exceeds the per-dimension limit; workgroups past T return before any barrier, uniformly):
// thread i sums x² over columns i, i + WG, … (any H, not only multiples of WG), a tree reduction in
// workgroup memory (fixed order, so the result is deterministic) gives the row's sum, then the
// threads write y over the same strided columns. rstd[t] is kept for the backward pass.
// WG must be a power of two (the wrapper picks it).
override WG: u32 = 64u;

struct Params { T: u32, H: u32, eps: f32, pad0: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> rstd: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = wid.x + wid.y * nwg.x;
  if (t >= params.T) { return; }
  let H = params.H;
  let row = t * H;
  var s = 0.0;
  for (var j = lid; j < H; j += WG) {
    let v = x[row + j];
    s += v * v;
  }
  partial[lid] = s;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  let r = inverseSqrt(partial[0] / f32(H) + params.eps);
  for (var j = lid; j < H; j += WG) { y[row + j] = x[row + j] * r * w[j]; }
  if (lid == 0u) { rstd[t] = r; }
}
