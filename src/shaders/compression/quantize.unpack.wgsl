// Dequantisation of the packed codes (layout in quantize.pack.wgsl):
//   x̂ = (q − 2^(b−1)) / 2^(b−1) · scale
// (q − 2^(b−1)) / 2^(b−1) is exact in f32, so x̂ is one rounding of a product. With ACCUMULATE = 1
// the result is added to out (the sum over peers of a gathered, quantised all-reduce); otherwise it
// overwrites out. One invocation per element of [rows, h].
struct Params { rows: u32, h: u32, m: u32, words: u32 }

override BITS: u32 = 8u;
override ACCUMULATE: u32 = 0u;

@group(0) @binding(0) var<storage, read> packed: array<u32>;
@group(0) @binding(1) var<storage, read> scale: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.rows * params.h) { return; }
  let r = i / params.h;
  let ch = i % params.h;
  let c = ch / params.m;
  let byteIndex = r * params.m + ch % params.m;
  let byte = (packed[byteIndex / 4u] >> (8u * (byteIndex % 4u))) & 0xffu;
  let q = (byte >> (8u - BITS * (c + 1u))) & ((1u << BITS) - 1u);
  let mid = f32(1u << (BITS - 1u));
  let v = (f32(q) - mid) / mid * scale[ch];
  if (ACCUMULATE == 1u) {
    out[i] = out[i] + v;
  } else {
    out[i] = v;
  }
}
