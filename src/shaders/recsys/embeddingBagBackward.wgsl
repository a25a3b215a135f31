// EmbeddingBag sparse backward, mode sum: for every distinct row id of the batch,
// grad[g, c] = Σ over the entries j with ids[j] = id_g of dOut[bag(j), c], written compactly as
// grad [segments, dim] (row g belongs to the g-th smallest id). Deterministic without atomics: the
// host sorts the entries by (id, j) (order), records each entry's bag (bagOf) and the segment
// bounds (segStart [maxSegments + 1], padded with nnz, so segments past the batch's distinct ids
// are empty). One workgroup per segment g over a 2-D grid (wid.x + wid.y · nwg.x); its 64 threads
// stride over the columns and each sums its column in the sorted order. Empty segments write nothing.
struct Params { maxSegments: u32, dim: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> dOut: array<f32>;
@group(0) @binding(1) var<storage, read> order: array<u32>;
@group(0) @binding(2) var<storage, read> bagOf: array<u32>;
@group(0) @binding(3) var<storage, read> segStart: array<u32>;
@group(0) @binding(4) var<storage, read_write> grad: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= params.maxSegments) { return; }
  let start = segStart[g];
  let end = segStart[g + 1u];
  if (start >= end) { return; }
  let d = params.dim;
  for (var c = lid; c < d; c += 64u) {
    var s = 0.0;
    for (var k = start; k < end; k++) { s += dOut[bagOf[order[k]] * d + c]; }
    grad[g * d + c] = s;
  }
}
