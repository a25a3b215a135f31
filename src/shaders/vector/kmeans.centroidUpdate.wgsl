// k-means update step as a segmented reduction over the cluster-ordered row index produced by
// ivfSegments.wgsl (no float atomics needed, and a fixed summation order, so results are
// deterministic): one workgroup per cluster c, threads stride over the d dimensions and sum the
// cluster's rows order[offsets[c] .. offsets[c+1]) in that (ascending row) order. An empty
// cluster keeps its previous centroid.

struct Params { K: u32, d: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<i32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read_write> centroids: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn segmentMeans(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = wid.x + wid.y * nwg.x;
  if (c >= params.K) { return; }
  let start = offsets[c];
  let end = offsets[c + 1u];
  if (end == start) { return; }
  let count = f32(end - start);
  for (var t = lid; t < params.d; t += 64u) {
    var s = 0.0;
    for (var j = start; j < end; j++) { s += x[u32(order[j]) * params.d + t]; }
    centroids[c * params.d + t] = s / count;
  }
}
