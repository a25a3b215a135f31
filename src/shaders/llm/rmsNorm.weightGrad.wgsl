// RMSNorm backward, weight gradient: dw[j] (+)= Σ_t dy[t, j] · x[t, j] · rstd[t] for x, dy [T, H].
// A column sum by one invocation per column j (1-D over a 2-D grid of 64-wide workgroups; the tail
// past H returns), looping over the rows in ascending t: no atomics, a fixed summation order, so
// the result is deterministic. With params.accumulate = 1 the column's sum is added to the dw
// already in the buffer (gradient accumulation over micro-batches); with 0 it overwrites it.
struct Params { T: u32, H: u32, accumulate: u32, pad0: u32 }

@group(0) @binding(0) var<storage, read> dy: array<f32>;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> rstd: array<f32>;
@group(0) @binding(3) var<storage, read_write> dw: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let j = gid.x + gid.y * nwg.x * 64u;
  let H = params.H;
  if (j >= H) { return; }
  var s = 0.0;
  for (var t = 0u; t < params.T; t++) { s += dy[t * H + j] * x[t * H + j] * rstd[t]; }
  if (params.accumulate != 0u) { s += dw[j]; }
  dw[j] = s;
}
