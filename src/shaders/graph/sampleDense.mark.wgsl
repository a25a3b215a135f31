// DENSE sampling, dedup step 1: every sampled neighbour of this hop's frontier that is not yet
// seen sets its bit in `fresh`. Many slots may name the same node; atomicOr makes that harmless,
// and the bitmap (not the order of arrival) decides the result, so it is deterministic.
struct Params { hop: u32, stride: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> hopOffsets: array<u32>;
@group(0) @binding(1) var<storage, read> slots: array<i32>;
@group(0) @binding(2) var<storage, read> counts: array<u32>;
@group(0) @binding(3) var<storage, read> seen: array<u32>;
@group(0) @binding(4) var<storage, read_write> fresh: array<atomic<u32>>;
@group(0) @binding(5) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  let first = hopOffsets[params.hop];
  if (t >= (hopOffsets[params.hop + 1u] - first) * params.stride) { return; }
  let row = first + t / params.stride;
  let k = t % params.stride;
  if (k >= counts[row]) { return; }
  let id = u32(slots[row * params.stride + k]);
  let bit = 1u << (id & 31u);
  if ((seen[id >> 5u] & bit) != 0u) { return; }
  atomicOr(&fresh[id >> 5u], bit);
}
