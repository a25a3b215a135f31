// out[r, :] = x[nodeIds[r], :] for r < rows: the input features of a mini-batch's nodes.
struct Params { rows: u32, cols: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> nodeIds: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.rows * params.cols) { return; }
  let r = t / params.cols;
  out[t] = x[u32(nodeIds[r]) * params.cols + t % params.cols];
}
