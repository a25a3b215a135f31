// out[i, :] = x[ids[i], :]: copies the rows a maintenance step works on (a partition's members,
// all live vectors for a rebuild) out of the resident vector set, so the host uploads 4 bytes
// per row (the id) instead of the row itself.

struct Params { rows: u32, d: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 256u;
  if (i >= params.rows * params.d) { return; }
  let r = i / params.d;
  let t = i % params.d;
  out[i] = x[u32(ids[r]) * params.d + t];
}
