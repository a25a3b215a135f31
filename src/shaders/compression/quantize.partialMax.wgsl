// Pass 1 of the per-channel scale: partial[chunk, c] = max |x[r, c]| over the rows r of one chunk
// of CHUNK rows. x is [rows, h] (every dimension but the hidden one flattened into rows). One
// invocation per (chunk, channel): adjacent invocations read adjacent channels of a row
// (coalesced); the second pass (quantize.scale.wgsl) reduces the chunks. No atomics, so the result
// is the same on every device (max is exact in any order anyway).
struct Params { rows: u32, h: u32, chunks: u32, pad0: u32 }

override CHUNK: u32 = 64u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read_write> partial: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.chunks * params.h) { return; }
  let chunk = t / params.h;
  let c = t % params.h;
  let r0 = chunk * CHUNK;
  let r1 = min(r0 + CHUNK, params.rows);
  var m = 0.0;
  for (var r = r0; r < r1; r++) {
    m = max(m, abs(x[r * params.h + c]));
  }
  partial[t] = m;
}
