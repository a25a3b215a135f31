// Plain SGD on a dense parameter: w[i] −= lr · g[i]. One invocation per element over a 2-D grid
// of 64-wide workgroups; invocations past n return.
struct Params { n: u32, lr: f32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read_write> w: array<f32>;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.n) { return; }
  w[i] = w[i] - params.lr * g[i];
}
