// Compaction, step 3: writes the k selected elements in index order. Element i is taken if its
// key is above τ, or equals τ and fewer than `remaining` equal keys come before it; its output
// slot is (keys above τ before i) + min(keys equal to τ before i, remaining). Per block of 1024
// (256 invocations × 4 consecutive elements): block offsets from sparsify.scan.wgsl plus a
// workgroup exclusive scan of the invocations' own counts. values[slot] = x[i], indices[slot] = i.
struct Params { n: u32, k: u32, seed: u32, pad0: u32 }

override MODE: u32 = 0u;

@group(0) @binding(0) var<storage, read> x: array<f32>;
@group(0) @binding(1) var<storage, read> state: array<u32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read_write> values: array<f32>;
@group(0) @binding(4) var<storage, read_write> indices: array<i32>;
@group(0) @binding(5) var<uniform> params: Params;

var<workgroup> buf: array<vec2u, 256>;

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
  let tau = state[0];
  let remaining = state[1];
  let block = wid.x + wid.y * nwg.x;
  // Workgroups past the last block (a rounded-up 2-D grid) have no offsets; block is uniform.
  if (block >= (params.n + 1023u) / 1024u) { return; }
  let first = block * 1024u + lid * 4u;
  var keys: array<u32, 4>;
  var own = vec2u(0u);
  for (var j = 0u; j < 4u; j++) {
    let i = first + j;
    var key = 0u;
    if (i < params.n) {
      key = key_of(i);
      own += vec2u(select(0u, 1u, key > tau), select(0u, 1u, key == tau));
    }
    keys[j] = key;
  }
  buf[lid] = own;
  workgroupBarrier();
  for (var d = 1u; d < 256u; d = d * 2u) {
    var add = vec2u(0u);
    if (lid >= d) { add = buf[lid - d]; }
    workgroupBarrier();
    buf[lid] = buf[lid] + add;
    workgroupBarrier();
  }
  var before = vec2u(offsets[2u * block], offsets[2u * block + 1u]) + buf[lid] - own;
  for (var j = 0u; j < 4u; j++) {
    let i = first + j;
    if (i >= params.n) { break; }
    let key = keys[j];
    let slot = before.x + min(before.y, remaining);
    if (key > tau || (key == tau && before.y < remaining)) {
      values[slot] = x[i];
      indices[slot] = i32(i);
    }
    before += vec2u(select(0u, 1u, key > tau), select(0u, 1u, key == tau));
  }
}
