// GPU slot cache, first step of an insert: look each incoming row up in the slot table. A row that
// still holds a slot keeps it (its cached copy is the newer one; BagCache would have taken a second
// slot; slotCache.assign.wgsl raises its ttl once the insert is known to fit); a row without one
// needs a free slot (need[k] = 1). Entries past count need nothing, so the scan over need can run on
// a fixed length. This step writes nothing but need, so a full cache is left unchanged.
// Incoming rows are distinct within one insert (the host checks).
struct Params { count: u32, maxIncoming: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> incoming: array<vec2i>;
@group(0) @binding(1) var<storage, read> slotOf: array<i32>;
@group(0) @binding(2) var<storage, read_write> need: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = gid.x + gid.y * nwg.x * 64u;
  if (k >= params.maxIncoming) { return; }
  var n = 0u;
  if (k < params.count && slotOf[incoming[k].x] < 0) { n = 1u; }
  need[k] = n;
}
