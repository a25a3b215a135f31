// Σ x² of one f32 buffer in two deterministic levels, for clipping gradients by their global norm.
//   `partials` (entry point): workgroup w of G (G is fixed by the wrapper from count alone, G ≤
//     1024, 1-D grid) sums x[i]² over i = w·256 + lid + k·G·256 (k = 0, 1, …; each thread in
//     increasing k), then reduces its 256 thread sums by a tree in workgroup memory → partials[w].
//   `finish` (entry point, one workgroup): thread lid sums partials[lid], partials[lid + 256], …
//     (< G), a tree reduces the 256 sums, and thread 0 writes out[outIndex].
// Every sum has an order fixed by count, so the result is the same on every run. outIndex lets
// several tensors write their Σg² into one buffer, read back once for the global norm.
struct Params {
  count: u32,
  groups: u32,
  outIndex: u32,
  pad0: u32,
}

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> partialSums: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

const WG = 256u;
var<workgroup> red: array<f32, WG>;

fn tree_sum(lid: u32, s: f32) -> f32 {
  red[lid] = s;
  workgroupBarrier();
  for (var k = WG / 2u; k > 0u; k >>= 1u) {
    if (lid < k) { red[lid] = red[lid] + red[lid + k]; }
    workgroupBarrier();
  }
  return red[0];
}

@compute @workgroup_size(WG)
fn partials(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_index) lid: u32) {
  let stride = params.groups * WG;
  var s = 0.0;
  for (var i = wid.x * WG + lid; i < params.count; i += stride) {
    let xi = x[i];
    s += xi * xi;
  }
  let total = tree_sum(lid, s);
  if (lid == 0u) { partialSums[wid.x] = total; }
}

@compute @workgroup_size(WG)
fn finish(@builtin(local_invocation_index) lid: u32) {
  var s = 0.0;
  for (var i = lid; i < params.groups; i += WG) { s += partialSums[i]; }
  let total = tree_sum(lid, s);
  if (lid == 0u) { out[params.outIndex] = total; }
}
