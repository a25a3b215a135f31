// Embedding backward, dEmbed[v, :] (+)= Σ_{t : tokens[t] = v} dx[t, :] for dx [T, H], dEmbed [V, H],
// deterministic and without atomics: the host groups the batch's token rows by id (order: row
// indices sorted by (id, t); segment g holds order[segStart[g] .. segStart[g + 1]) of id segId[g];
// segments past the batch's distinct ids are empty). One workgroup per segment g < T (over a 2-D
// grid past the per-dimension limit): its 64 threads stride over the H columns, and each sums its
// column over the segment's rows in ascending t, a fixed order. With params.accumulate = 1 the sum
// starts from the gradient already in dEmbed (accumulation over micro-batches); with 0 from zero
// (rows of unused ids were cleared by embeddingBackward.zero.wgsl). Empty segments write nothing.
struct Params { T: u32, H: u32, accumulate: u32, pad0: u32 }

@group(0) @binding(0) var<storage, read> dx: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read> segStart: array<u32>;
@group(0) @binding(3) var<storage, read> segId: array<u32>;
@group(0) @binding(4) var<storage, read_write> dEmbed: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= params.T) { return; }
  let start = segStart[g];
  let end = segStart[g + 1u];
  if (start >= end) { return; }
  let H = params.H;
  let row = segId[g] * H;
  for (var c = lid; c < H; c += 64u) {
    var s = select(0.0, dEmbed[row + c], params.accumulate != 0u);
    for (var j = start; j < end; j++) { s += dx[order[j] * H + c]; }
    dEmbed[row + c] = s;
  }
}
