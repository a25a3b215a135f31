// EmbeddingBag forward, mode sum: out[bag, c] = Σ_{j ∈ [offsets[bag], offsets[bag + 1])} table[ids[j], c]
// for table [rows, dim], ids [nnz], offsets [bags + 1], out [bags, dim]. One invocation per output
// element (bag, c), flat index over a 2-D grid of 64-wide workgroups (gid.x + gid.y · nwg.x · 64);
// invocations past bags · dim return. The sum runs over the bag's entries in ascending j, a fixed
// order, so results are deterministic; an empty bag gives 0. The host has checked ids < rows and
// that offsets are non-decreasing from 0 to nnz.
struct Params { bags: u32, dim: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> table: array<f32>;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.bags * params.dim) { return; }
  let bag = i / params.dim;
  let c = i % params.dim;
  var s = 0.0;
  for (var j = offsets[bag]; j < offsets[bag + 1u]; j++) {
    s += table[ids[j] * params.dim + c];
  }
  out[i] = s;
}
