// RMSNorm backward, input gradient: for y = x · r ⊙ w with r = rstd[t] = (mean_j x[t, j]² + eps)^(-1/2),
//   dx[t, j] = r · w[j] · dy[t, j] − x[t, j] · r³ / H · Σ_k dy[t, k] · w[k] · x[t, k].
// One workgroup of WG threads per row t (rows over a 2-D grid past the per-dimension limit;
// workgroups past T return uniformly, before any barrier): threads stride over the columns for the
// row's dot product Σ dy·w·x, a fixed-order tree reduction in workgroup memory sums it
// (deterministic), then the threads write dx over the same strided columns. rstd comes from the
// forward pass. The weight gradient is a separate pass (rmsNorm.weightGrad.wgsl). WG is a power of two.
override WG: u32 = 64u;

struct Params { T: u32, H: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> w: array<f32>;
@group(0) @binding(3) var<storage, read> rstd: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = wid.x + wid.y * nwg.x;
  if (t >= params.T) { return; }
  let H = params.H;
  let row = t * H;
  var s = 0.0;
  for (var j = lid; j < H; j += WG) { s += dy[row + j] * w[j] * x[row + j]; }
  partial[lid] = s;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  let r = rstd[t];
  let c = r * r * r * partial[0] / f32(H);
  for (var j = lid; j < H; j += WG) { dx[row + j] = r * w[j] * dy[row + j] - x[row + j] * c; }
}
