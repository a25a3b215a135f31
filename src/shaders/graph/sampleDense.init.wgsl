// DENSE sampling, batch start: the seeds (nodeIds[0..numSeeds)) are hop 0. Record each seed's
// position in the batch (localIndex) and mark it seen in the bitmap, so no later hop adds it again.
struct Params { numSeeds: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> nodeIds: array<i32>;
@group(0) @binding(1) var<storage, read_write> localIndex: array<i32>;
@group(0) @binding(2) var<storage, read_write> seen: array<atomic<u32>>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let t = gid.x;
  if (t >= params.numSeeds) { return; }
  let v = u32(nodeIds[t]);
  localIndex[v] = i32(t);
  atomicOr(&seen[v >> 5u], 1u << (v & 31u));
}
