// Neighbour sampling without replacement, one invocation per frontier node.
// The frontier is nodeIds[hopOffsets[hop] .. hopOffsets[hop+1]); the node in row `row` writes its
// sample to slots[row·stride ..] and its count to counts[row]. A node of degree ≤ fanout takes its
// whole CSR row in order; otherwise Robert Floyd's algorithm draws a uniform `fanout`-subset of
// the row's positions: for j = deg−f … deg−1, r = hash % (j+1); take r, or j if r was taken.
// The random stream is keyed by (seed, node id) with the PCG hash of src/shaders/common/pcg.wgsl
// (prepended), so the CPU reference (src/kernels/graph/sampleNeighbors.reference.ts) draws the same
// integers and the samples agree exactly. Positions, not ids, are sampled: duplicate edges can be
// drawn once each, as a sampler over the edge list would.

struct Params { fanout: u32, seed: u32, hop: u32, stride: u32 }

@group(0) @binding(0) var<storage, read> indptr: array<i32>;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read> nodeIds: array<i32>;
@group(0) @binding(3) var<storage, read> hopOffsets: array<u32>;
@group(0) @binding(4) var<storage, read_write> slots: array<i32>;
@group(0) @binding(5) var<storage, read_write> counts: array<u32>;
@group(0) @binding(6) var<uniform> params: Params;

const MAX_FANOUT = 64u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let first = hopOffsets[params.hop];
  if (t >= hopOffsets[params.hop + 1u] - first) { return; }
  let row = first + t;
  let v = u32(nodeIds[row]);
  let start = u32(indptr[v]);
  let deg = u32(indptr[v + 1u]) - start;
  let base = row * params.stride;
  if (deg <= params.fanout) {
    for (var k = 0u; k < deg; k++) { slots[base + k] = indices[start + k]; }
    counts[row] = deg;
    return;
  }
  var chosen: array<u32, MAX_FANOUT>;
  let key = pcg_hash(params.seed ^ pcg_hash(v));
  var n = 0u;
  for (var j = deg - params.fanout; j < deg; j++) {
    let r = pcg_hash(key ^ j) % (j + 1u);
    var taken = false;
    for (var k = 0u; k < n; k++) { taken = taken || chosen[k] == r; }
    chosen[n] = select(r, j, taken);
    n++;
  }
  for (var k = 0u; k < n; k++) { slots[base + k] = indices[start + chosen[k]]; }
  counts[row] = n;
}
