// Bias gradient: db[c] = Σ_r dy[r, c] for dy [rows, cols]. One invocation per column (64-wide
// workgroups over a 2-D grid), summing its rows in ascending order: deterministic, no atomics.
// Invocations past cols return. Work is O(rows) per thread, fine for the small batches here.
struct Params { rows: u32, cols: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read_write> db: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * 64u;
  if (c >= params.cols) { return; }
  var s = 0.0;
  for (var r = 0u; r < params.rows; r++) { s += dy[r * params.cols + c]; }
  db[c] = s;
}
