// The small element-wise steps of a GraphSAGE layer, one entry point each:
//   bias_act:  h[r,c] = act(h[r,c] + bias[c]), act = ReLU when params.relu = 1 (hidden layers).
//   relu_grad: g[r,c] = g[r,c] if h[r,c] > 0 else 0 (h is the layer's ReLU output).
//   col_sum:   db[c] = Σ_r g[r,c] (bias gradient; one invocation per column, rows in order).
//   gather_rows: out[r,:] = x[nodeIds[r],:] (a mini-batch's input features).
struct Params { rows: u32, cols: u32, relu: u32, pad: u32 }

@group(0) @binding(0) var<storage, read_write> h: array<f32>;
@group(0) @binding(1) var<storage, read> other: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

fn flat(gid: vec3u, nwg: vec3u) -> u32 { return gid.x + gid.y * nwg.x * 64u; }

@compute @workgroup_size(64)
fn bias_act(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= params.rows * params.cols) { return; }
  var v = h[t] + other[t % params.cols];
  if (params.relu != 0u) { v = max(v, 0.0); }
  h[t] = v;
}

// Here `h` is the gradient (updated in place) and `other` the ReLU output.
@compute @workgroup_size(64)
fn relu_grad(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = flat(gid, nwg);
  if (t >= params.rows * params.cols) { return; }
  if (other[t] <= 0.0) { h[t] = 0.0; }
}

// Here `h` is the bias gradient [cols] and `other` the layer gradient [rows, cols].
@compute @workgroup_size(64)
fn col_sum(@builtin(global_invocation_id) gid: vec3u) {
  let c = gid.x;
  if (c >= params.cols) { return; }
  var acc = 0.0;
  for (var r = 0u; r < params.rows; r++) { acc += other[r * params.cols + c]; }
  h[c] = acc;
}
