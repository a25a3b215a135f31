// Embedding backward, first pass when the gradient is not accumulated: dEmbed[i] = 0 for
// i < n = V·H, so vocabulary rows no token of the batch uses end up zero (the rows pass then
// overwrites the rows that are used). One invocation per element, 1-D over a 2-D grid of 64-wide
// workgroups; the tail past n returns.
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read_write> dEmbed: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.n) { return; }
  dEmbed[i] = 0.0;
}
