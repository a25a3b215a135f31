// Softmax cross-entropy over the seed rows of a batch, one invocation per row:
//   loss[r] = logsumexp(z_r) − z_r[y],  dz[r,:] = (softmax(z_r) − onehot(y)) · gradScale,
//   pred[r] = argmax z_r (first on ties). y = labels[nodeIds[r]]. gradScale = 1/batch gives the
// gradient of the mean loss. The max is subtracted before exp, so large logits do not overflow.
struct Params { rows: u32, classes: u32, gradScale: f32, pad: u32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> nodeIds: array<i32>;
@group(0) @binding(2) var<storage, read> labels: array<i32>;
@group(0) @binding(3) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(4) var<storage, read_write> loss: array<f32>;
@group(0) @binding(5) var<storage, read_write> pred: array<i32>;
@group(0) @binding(6) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let r = gid.x + gid.y * nwg.x * 64u;
  if (r >= params.rows) { return; }
  let C = params.classes;
  let base = r * C;
  var mx = logits[base];
  var arg = 0u;
  for (var c = 1u; c < C; c++) {
    if (logits[base + c] > mx) { mx = logits[base + c]; arg = c; }
  }
  var sum = 0.0;
  for (var c = 0u; c < C; c++) { sum += exp(logits[base + c] - mx); }
  let y = u32(labels[u32(nodeIds[r])]);
  loss[r] = log(sum) + mx - logits[base + y];
  pred[r] = i32(arg);
  for (var c = 0u; c < C; c++) {
    var p = exp(logits[base + c] - mx) / sum;
    if (c == y) { p -= 1.0; }
    dlogits[base + c] = p * params.gradScale;
  }
}
