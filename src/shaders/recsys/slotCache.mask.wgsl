// GPU slot cache, per-slot masks (u32 0/1) for the scans:
//   FREE = false  expiry mask: the slot holds a row whose ttl ends before this cleanup step
//                 (ttl < step; BagCache evicts these and writes them back);
//   FREE = true   free mask: the slot holds no row.
// slotState[s] = (row, ttl), row −1 when free.
struct Params { slots: u32, step: i32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> slotState: array<vec2i>;
@group(0) @binding(1) var<storage, read_write> mask: array<u32>;
@group(0) @binding(2) var<uniform> params: Params;

override FREE: bool = false;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let s = gid.x + gid.y * nwg.x * 64u;
  if (s >= params.slots) { return; }
  let st = slotState[s];
  var m = st.x >= 0 && st.y < params.step;
  if (FREE) { m = st.x < 0; }
  mask[s] = select(0u, 1u, m);
}
