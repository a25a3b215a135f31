// Exclusive prefix sum, carry step: output[i] += offsets[block of i], where offsets is the
// (already complete) exclusive scan of the block totals one level up. One invocation per element,
// 256 per workgroup so the workgroup is the block; blocks form a 2-D grid.
struct Params { outLen: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read_write> output: array<u32>;
@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = wid.x + wid.y * nwg.x;
  let i = block * 256u + lid;
  if (i < params.outLen) { output[i] += offsets[block]; }
}
