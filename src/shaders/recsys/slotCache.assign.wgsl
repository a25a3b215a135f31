// GPU slot cache, last step of an insert. When more rows need a slot than are free (the totals
// slotCache.freeList.wgsl stored at freeList[slots], freeList[slots + 1]) it changes nothing, so a
// failed insert leaves the cache as it was. Otherwise incoming row k that needs a slot
// (needScan[k + 1] − needScan[k] = 1) has rank r = needScan[k] among those rows and takes the r-th
// free slot, s = freeList[r]. One invocation per (k, column) copies the uploaded value (and the
// Adagrad state when withAcc ≠ 0) into the cache row s; column 0 also writes the slot table:
// slotState[s] = (row, ttl), slotOf[row] = s. A row still cached (k < count, no slot needed) keeps
// its slot and column 0 raises its ttl to max(ttl, the message's ttl). Rows are distinct, so the
// slots and slotOf entries written here never collide.
// inVals holds the values [maxIncoming, dim] and then the states [maxIncoming, dim].
struct Params { maxIncoming: u32, dim: u32, slots: u32, withAcc: u32 }
struct Count { count: u32, maxIncoming: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> needScan: array<u32>;
@group(0) @binding(1) var<storage, read> freeList: array<u32>;
@group(0) @binding(2) var<storage, read> incoming: array<vec2i>;
@group(0) @binding(3) var<storage, read> inVals: array<f32>;
@group(0) @binding(4) var<storage, read_write> cache: array<f32>;
@group(0) @binding(5) var<storage, read_write> acc: array<f32>;
@group(0) @binding(6) var<storage, read_write> slotState: array<vec2i>;
@group(0) @binding(7) var<storage, read_write> slotOf: array<i32>;
@group(0) @binding(8) var<uniform> params: Params;
@group(0) @binding(9) var<uniform> insert: Count;

const NONE = 0xffffffffu;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  let d = params.dim;
  if (i >= params.maxIncoming * d) { return; }
  if (freeList[params.slots] > freeList[params.slots + 1u]) { return; }
  let k = i / d;
  let c = i % d;
  let r = needScan[k];
  if (needScan[k + 1u] == r) {
    if (c == 0u && k < insert.count) {
      let inc = incoming[k];
      let old = slotOf[inc.x];
      slotState[old].y = max(slotState[old].y, inc.y);
    }
    return;
  }
  if (r >= params.slots) { return; }
  let s = freeList[r];
  if (s == NONE) { return; }
  cache[s * d + c] = inVals[i];
  if (params.withAcc != 0u) { acc[s * d + c] = inVals[params.maxIncoming * d + i]; }
  if (c == 0u) {
    let inc = incoming[k];
    slotState[s] = inc;
    slotOf[inc.x] = i32(s);
  }
}
