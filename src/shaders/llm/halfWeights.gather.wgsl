// Embedding gather from packed-f16 weights: out[r, c] = f32(x[ids[r], c]) for r < rows, where x
// [N, cols] is stored as f16 pairs in u32 words (src/kernels/llm/halfWeights.ts): each row takes
// ceil(cols / 2) words, element 2j in the low half of word j and 2j + 1 in the high half (a zero
// half pads odd rows), so every row starts on a word. One invocation per output element;
// unpack2x16float is core WGSL, so no shader-f16 feature is needed. 1-D work over a 2-D grid of
// 64-wide workgroups when it exceeds the per-dimension limit.
struct Params { rows: u32, cols: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> x: array<u32>;
@group(0) @binding(1) var<storage, read> ids: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.rows * params.cols) { return; }
  let r = t / params.cols;
  let c = t % params.cols;
  let rowWords = (params.cols + 1u) / 2u;
  let pair = unpack2x16float(x[u32(ids[r]) * rowWords + c / 2u]);
  out[t] = select(pair.x, pair.y, (c & 1u) == 1u);
}
