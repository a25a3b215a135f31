// GPU slot cache, ttl updates (the Oracle Cacher's "keep" messages after a batch): for k < count,
// the slot holding row updates[k].x gets ttl updates[k].y (BagCache overwrites the ttl). Rows are
// distinct within one message, so every slot is written by at most one invocation. A row that is
// not cached is counted in status[0] (the host checks it; atomics only count, they order nothing).
// slotState[s] = (row, ttl), row −1 when the slot is free; slotOf[row] = its slot or −1.
struct Params { count: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> updates: array<vec2i>;
@group(0) @binding(1) var<storage, read> slotOf: array<i32>;
@group(0) @binding(2) var<storage, read_write> slotState: array<vec2i>;
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let k = gid.x + gid.y * nwg.x * 64u;
  if (k >= params.count) { return; }
  let u = updates[k];
  let s = slotOf[u.x];
  if (s < 0) {
    atomicAdd(&status[0], 1u);
    return;
  }
  slotState[s].y = u.y;
}
