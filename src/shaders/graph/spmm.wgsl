// CSR SpMM, row-split: out[r, :] = scale_r · Σ_{e ∈ row r} w_e · x[indices[e], :].
// Row r aggregates the OUT-neighbours of r (the entries of its CSR row). One invocation per
// (row, column) of the output, numbered row-major so neighbouring invocations read neighbouring
// columns of the same neighbour row (coalesced) and share its index loads. A hub row of degree
// 10^4 simply loops longer; there is no cross-invocation reduction, so no atomics and the sum
// order is the CSR order (deterministic, same as the CPU reference).
//   MODE 0 sum: w_e = 1, scale = 1.   MODE 1 mean: w_e = 1, scale = 1/deg (0-degree rows give 0).
//   MODE 2 weighted sum: w_e = weights[e], scale = 1 (the transposed mean used by backward).
// `accumulate` = 1 adds into out instead of overwriting. Only rows [0, rows) are computed, so a
// prefix of the rows (one DENSE layer) can be aggregated with the same CSR.

struct Params { rows: u32, cols: u32, accumulate: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> indptr: array<i32>;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read> weights: array<f32>;
@group(0) @binding(3) var<storage, read> x: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

override MODE: u32 = 0u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= params.rows * params.cols) { return; }
  let r = t / params.cols;
  let c = t % params.cols;
  let start = u32(indptr[r]);
  let end = u32(indptr[r + 1u]);
  var acc = 0.0;
  for (var e = start; e < end; e++) {
    let v = x[u32(indices[e]) * params.cols + c];
    if (MODE == 2u) { acc = acc + weights[e] * v; } else { acc = acc + v; }
  }
  if (MODE == 1u && end > start) { acc = acc / f32(end - start); }
  if (params.accumulate != 0u) { acc = acc + out[t]; }
  out[t] = acc;
}
