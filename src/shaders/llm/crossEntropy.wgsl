// Softmax cross-entropy of the LM head's logits, one workgroup per token row:
//   loss[t]       = logsumexp(z_t) − z_t[y_t]                 (0 where row t is ignored)
//   dlogits[t, :] = (softmax(z_t) − onehot(y_t)) / N           (a row of 0 where row t is ignored)
// z_t = logits[t·V .. t·V + V), y_t = targets[t], N = the number of rows whose target lies in
// [0, V): dlogits is the gradient of the mean loss over those rows. A target of −1 marks an
// ignored row (padding, prompt tokens); any other target outside [0, V) (the wrapper rejects
// them) is treated as ignored too, so it is never read out of bounds. Every workgroup counts N
// itself from the targets buffer (an exact integer reduction), so callers may rewrite targets
// between steps without touching the plan; N = 0 gives all-zero gradients. (That is T reads per
// workgroup, T² in all: small next to the T·V logits for any T up to about V.)
//
// Workgroup r (flat index wid.x + wid.y · num_workgroups.x; the grid is 2-D past the per-dimension
// limit) handles row r and returns at once when r ≥ rows. Its WG threads stride over the row
// (thread i reads columns i, i + WG, …, each in increasing order) and combine their partials by a
// tree reduction in workgroup memory: the max, then Σ exp(z − max), then the count N. The order of
// every sum is fixed by WG and V alone, so results are identical run to run. Subtracting the max
// before exp keeps logits of ±1e4 (and any finite values) free of overflow.
override WG: u32 = 256u; // a power of two, chosen by the wrapper from V

struct Params {
  rows: u32,
  vocab: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> targets: array<i32>;
@group(0) @binding(2) var<storage, read_write> loss: array<f32>;
@group(0) @binding(3) var<storage, read_write> dlogits: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

var<workgroup> redF: array<f32, WG>;
var<workgroup> redU: array<u32, WG>;

const LOWEST = -3.4028234663852886e38;

fn tree_max(lid: u32, x: f32) -> f32 {
  redF[lid] = x;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { redF[lid] = max(redF[lid], redF[lid + s]); }
    workgroupBarrier();
  }
  let r = redF[0];
  workgroupBarrier(); // everyone has read redF[0] before it is reused
  return r;
}

fn tree_sum(lid: u32, x: f32) -> f32 {
  redF[lid] = x;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { redF[lid] = redF[lid] + redF[lid + s]; }
    workgroupBarrier();
  }
  let r = redF[0];
  workgroupBarrier();
  return r;
}

fn tree_count(lid: u32, x: u32) -> u32 {
  redU[lid] = x;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { redU[lid] = redU[lid] + redU[lid + s]; }
    workgroupBarrier();
  }
  let r = redU[0];
  workgroupBarrier();
  return r;
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let V = params.vocab;
  let base = row * V;

  var m = LOWEST;
  for (var c = lid; c < V; c += WG) { m = max(m, logits[base + c]); }
  let mx = tree_max(lid, m);

  var s = 0.0;
  for (var c = lid; c < V; c += WG) { s += exp(logits[base + c] - mx); }
  let sum = tree_sum(lid, s);

  var n = 0u;
  for (var t = lid; t < params.rows; t += WG) {
    let y = targets[t];
    n += select(0u, 1u, y >= 0 && u32(y) < V);
  }
  let count = tree_count(lid, n);

  let y = targets[row];
  let valid = y >= 0 && u32(y) < V;
  if (!valid) {
    if (lid == 0u) { loss[row] = 0.0; }
    for (var c = lid; c < V; c += WG) { dlogits[base + c] = 0.0; }
    return;
  }
  let yi = u32(y);
  // log Σ exp(z − max) + (max − z_y): the difference is taken before adding, so a loss of 2e4
  // keeps the f32 precision of its parts.
  if (lid == 0u) { loss[row] = log(sum) + (mx - logits[base + yi]); }
  let scale = 1.0 / f32(count); // count ≥ 1: this row counts
  let inv = 1.0 / sum;
  for (var c = lid; c < V; c += WG) {
    let p = exp(logits[base + c] - mx) * inv;
    dlogits[base + c] = (p - select(0.0, 1.0, c == yi)) * scale;
  }
}
