// out[i] = 0 for i < n: the dense target of a densify-and-sum starts empty. One invocation per
// element over a 2-D grid of 64-wide workgroups.
struct Params { n: u32, k: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read_write> out: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i < params.n) { out[i] = 0.0; }
}
