// b-bit quantisation with the per-channel scale, packed 8/b codes per byte.
//   q = clip(round(x / scale · 2^(b−1)), −2^(b−1), 2^(b−1) − 1) + 2^(b−1)
// WGSL's round() rounds half to even, as torch.round does. A channel whose scale is 0 (all zero)
// gets the middle code 2^(b−1), which dequantises to exactly 0.
// Byte layout (as the reference code's chunking of the last dimension): a row of h channels packs
// into m = ceil(h / n) bytes, n = 8 / b codes per byte; byte j of a row holds channels
// j, m + j, 2m + j, … with channel c·m + j in bits [8 − b(c+1), 8 − b·c) (the first chunk in the
// high bits). Channels past h (padding when n does not divide h) hold code 0. Bytes are stored
// little-endian in u32 words over the flat [rows, m] byte array; one invocation builds one word
// (four bytes, which may straddle two rows), so no two invocations write the same word.
struct Params { rows: u32, h: u32, m: u32, words: u32 }

override BITS: u32 = 8u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> scale: array<f32>;
@group(0) @binding(2) var<storage, read_write> packed: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

fn code(v: f32, s: f32) -> u32 {
  let mid = f32(1u << (BITS - 1u));
  if (s == 0.0) { return u32(mid); }
  let q = clamp(round(v / s * mid), -mid, mid - 1.0);
  return u32(i32(q) + i32(mid));
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let w = gid.x + gid.y * nwg.x * 64u;
  if (w >= params.words) { return; }
  let n = 8u / BITS;
  let total = params.rows * params.m;
  var word = 0u;
  for (var b = 0u; b < 4u; b++) {
    let byteIndex = 4u * w + b;
    if (byteIndex >= total) { break; }
    let r = byteIndex / params.m;
    let j = byteIndex % params.m;
    var byte = 0u;
    for (var c = 0u; c < n; c++) {
      let ch = c * params.m + j;
      if (ch < params.h) {
        byte = byte | (code(x[r * params.h + ch], scale[ch]) << (8u - BITS * (c + 1u)));
      }
    }
    word = word | (byte << (8u * b));
  }
  packed[w] = word;
}
