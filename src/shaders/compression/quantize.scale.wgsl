// Pass 2 of the per-channel scale: scale[c] = max over chunks of partial[chunk, c], i.e.
// max |x[·, c]| over all rows. One invocation per channel, reading the chunks in order.
struct Params { rows: u32, h: u32, chunks: u32, pad0: u32 }

@group(0) @binding(0) var<storage, read> partial: array<f32>;
@group(0) @binding(1) var<storage, read_write> scale: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = gid.x + gid.y * nwg.x * 64u;
  if (c >= params.h) { return; }
  var m = 0.0;
  for (var k = 0u; k < params.chunks; k++) {
    m = max(m, partial[k * params.h + c]);
  }
  scale[c] = m;
}
