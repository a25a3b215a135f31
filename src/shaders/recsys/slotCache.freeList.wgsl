// GPU slot cache, stream compaction of the free slots: with scan the exclusive scan of the free
// mask, free slot s goes to freeList[scan[s]], so freeList lists the free slots in ascending order
// and the r-th incoming row that needs a slot takes freeList[r]. Entries from the free count
// (scan[slots]) on are set to NONE, so a rank past the free slots finds none. The two kinds of
// writes hit disjoint indices (scan[s] < total ≤ the padded ones). Invocation 0 also stores the
// insert's totals after the list: freeList[slots] = rows needing a slot (needScan[maxIncoming]),
// freeList[slots + 1] = free slots; slotCache.assign.wgsl changes nothing when the first exceeds
// the second, and the host reads both in one readback.
struct Params { slots: u32, maxIncoming: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> free: array<u32>;
@group(0) @binding(1) var<storage, read> scan: array<u32>;
@group(0) @binding(2) var<storage, read_write> freeList: array<u32>;
@group(0) @binding(3) var<storage, read> needScan: array<u32>;
@group(0) @binding(4) var<uniform> params: Params;

const NONE = 0xffffffffu;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let s = gid.x + gid.y * nwg.x * 64u;
  if (s >= params.slots) { return; }
  if (free[s] != 0u) { freeList[scan[s]] = s; }
  if (s >= scan[params.slots]) { freeList[s] = NONE; }
  if (s == 0u) {
    freeList[params.slots] = needScan[params.maxIncoming];
    freeList[params.slots + 1u] = scan[params.slots];
  }
}
