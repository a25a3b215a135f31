// GPU slot cache, lookup: out[i] = slotOf[ids[i]] for i < count — a batch's rows (or the distinct
// rows of its sparse gradient) turned into cache slots on the GPU. A row that is not cached, or an
// id past the slot table, is counted in status[0] and maps to slot 0, so a wrong schedule is
// reported, never read out of bounds.
struct Params { count: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> slotOf: array<i32>;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;
@group(0) @binding(3) var<storage, read_write> status: array<atomic<u32>>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.count) { return; }
  let id = ids[i];
  var s = -1;
  if (id < arrayLength(&slotOf)) { s = slotOf[id]; }
  if (s < 0) {
    atomicAdd(&status[0], 1u);
    out[i] = 0u;
    return;
  }
  out[i] = u32(s);
}
