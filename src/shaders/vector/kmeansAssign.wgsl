// Nearest centroid per row of a distance block D [M, N] (k-means assignment step, and the
// assignment of inserted vectors to partitions). One thread per row scans its N columns; ties go
// to the lower column index (strict <), the same rule as the CPU reference. The distance to the
// chosen centroid is written beside the index so callers can sum the reconstruction error. Rows
// land at rowOffset + i, which lets the host process A in chunks sharing one assignment buffer.

struct Dims { M: u32, N: u32, rowOffset: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> dist: array<f32>;
@group(0) @binding(1) var<storage, read_write> assign: array<i32>;
@group(0) @binding(2) var<storage, read_write> best: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= dims.M) { return; }
  var bestJ = 0u;
  var bestDist = dist[i * dims.N];
  for (var j = 1u; j < dims.N; j++) {
    let v = dist[i * dims.N + j];
    if (v < bestDist) { bestDist = v; bestJ = j; }
  }
  assign[dims.rowOffset + i] = i32(bestJ);
  best[dims.rowOffset + i] = bestDist;
}
