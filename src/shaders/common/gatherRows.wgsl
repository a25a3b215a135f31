// out[r, :] = x[ids[r], :] for r < rows: copies the rows a step works on out of a resident
// [N, cols] matrix (a mini-batch's input features, an IVF partition's members), so the host
// uploads 4 bytes per row (its id) instead of the row itself. One invocation per output element;
// 1-D work laid over a 2-D grid of 64-wide workgroups when it exceeds the per-dimension limit.
struct Params { rows: u32, cols: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.rows * params.cols) { return; }
  let r = t / params.cols;
  out[t] = x[u32(ids[r]) * params.cols + t % params.cols];
}
