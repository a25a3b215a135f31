// Bias add with optional ReLU, in place on y [rows, cols]: y[r, c] = f(y[r, c] + bias[c]), f = ReLU
// when params.relu = 1, identity otherwise (the last layer). One invocation per element over a 2-D
// grid of 64-wide workgroups; invocations past rows · cols return.
struct Params { rows: u32, cols: u32, relu: u32, pad0: u32 }

@group(0) @binding(0) var<storage, read_write> y: array<f32>;
@group(0) @binding(1) var<storage, read> bias: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.rows * params.cols) { return; }
  var v = y[i] + bias[i % params.cols];
  if (params.relu != 0u) { v = max(v, 0.0); }
  y[i] = v;
}
