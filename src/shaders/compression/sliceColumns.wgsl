// out[r, c] = x[r, c0 + c] for r < rows, c < width: one tensor-parallel partition's block of
// columns of a row-major [rows, cols] matrix (an activation's input features or a weight's input
// columns), made contiguous so the linear kernel can multiply it. One invocation per output
// element over a 2-D grid of 64-wide workgroups.
struct Params { rows: u32, cols: u32, c0: u32, width: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> out: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.rows * params.width) { return; }
  let r = t / params.width;
  out[t] = x[r * params.cols + params.c0 + t % params.width];
}
