// y[i] += x[i] for i < n: the residual stream's gradient joins the branch's (dX = dM + dNorm) in
// the backward pass. One invocation per element; 1-D work over a 2-D grid of 64-wide workgroups.
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.n) { return; }
  y[i] = y[i] + x[i];
}
