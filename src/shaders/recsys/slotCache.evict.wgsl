// GPU slot cache, stream compaction of the expired slots: slot s with mask[s] = 1 goes to position
// p = scan[s] (the exclusive scan of the expiry mask, so positions follow ascending slot order).
// The write-back buffer holds one record per evicted slot, so the host reads rows, values and
// states in one readback: wb[p · stride ..] = (row, values [dim], states [dim] when withAcc ≠ 0),
// stride = 1 + dim · (1 + withAcc), f32 values stored as their bits. One invocation per (slot,
// column) copies that column; column 0 also records the row and frees the slot (slotOf[row] = −1,
// slotState = (−1, −1)). Only the column-0 invocation of a slot touches its state: no races.
struct Params { slots: u32, dim: u32, withAcc: u32, stride: u32 }

@group(0) @binding(0) var<storage, read> mask: array<u32>;
@group(0) @binding(1) var<storage, read> scan: array<u32>;
@group(0) @binding(2) var<storage, read> cache: array<f32>;
@group(0) @binding(3) var<storage, read> acc: array<f32>;
@group(0) @binding(4) var<storage, read_write> wb: array<u32>;
@group(0) @binding(5) var<storage, read_write> slotState: array<vec2i>;
@group(0) @binding(6) var<storage, read_write> slotOf: array<i32>;
@group(0) @binding(7) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  let d = params.dim;
  if (i >= params.slots * d) { return; }
  let s = i / d;
  let c = i % d;
  if (mask[s] == 0u) { return; }
  let base = scan[s] * params.stride;
  wb[base + 1u + c] = bitcast<u32>(cache[i]);
  if (params.withAcc != 0u) { wb[base + 1u + d + c] = bitcast<u32>(acc[i]); }
  if (c == 0u) {
    let row = slotState[s].x;
    wb[base] = u32(row);
    slotOf[row] = -1;
    slotState[s] = vec2i(-1, -1);
  }
}
