// Compaction, step 1: per block of 1024 consecutive elements (256 invocations × 4), how many keys
// are above the threshold τ (all taken) and how many equal it (the first `remaining` of those, in
// index order, are taken: ties go to the lower index). counts[2b] = above, counts[2b + 1] = equal.
// Keys as in sparsify.histogram.wgsl; τ = state[0] after the four radix rounds.
struct Params { n: u32, k: u32, seed: u32, pad0: u32 }

override MODE: u32 = 0u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read_write> counts: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

var<workgroup> above: atomic<u32>;
var<workgroup> equal: atomic<u32>;

fn key_of(i: u32) -> u32 {
  if (MODE == 1u) { return pcg_hash(pcg_hash(params.seed) ^ i); }
  return bitcast<u32>(x[i]) & 0x7fffffffu;
}

@compute @workgroup_size(256)
fn main(
  @builtin(local_invocation_index) lid: u32,
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
) {
  // deviceGrid rounds a 2-D grid up (beyond 65,535 blocks): workgroups past the last block have no
  // counts entry. block is uniform across the workgroup, so returning before the barrier is valid.
  let block = wid.x + wid.y * nwg.x;
  if (block >= (params.n + 1023u) / 1024u) { return; }
  if (lid == 0u) {
    atomicStore(&above, 0u);
    atomicStore(&equal, 0u);
  }
  workgroupBarrier();
  let tau = state[0];
  var g = 0u;
  var e = 0u;
  for (var j = 0u; j < 4u; j++) {
    let i = block * 1024u + lid * 4u + j;
    if (i < params.n) {
      let key = key_of(i);
      g += select(0u, 1u, key > tau);
      e += select(0u, 1u, key == tau);
    }
  }
  atomicAdd(&above, g);
  atomicAdd(&equal, e);
  workgroupBarrier();
  if (lid == 0u) {
    counts[2u * block] = atomicLoad(&above);
    counts[2u * block + 1u] = atomicLoad(&equal);
  }
}
