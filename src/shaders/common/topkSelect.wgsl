// Workgroup top-k selection shared by vector/topk.rows.wgsl and vector/ivfSearch.scan.wgsl (the
// host puts this file in front of theirs). It needs no subgroup operations, so it works for any subgroup size (4..128).
//
// One 64-thread workgroup selects the k ≤ 128 smallest (distance, id) pairs of a stream of
// candidates. Pairs are ordered lexicographically: smaller distance first, then lower id, so ties
// (duplicate vectors) always resolve to the lower id. Workgroup memory holds a 256-slot buffer:
//   slots [0, 128)   the best pairs so far, sorted ascending (only the first k matter);
//   slots [128, 256) an unsorted candidate area filled through an atomic counter.
// A candidate is admitted only if it beats the current k-th best (the "cut"), so most of a long
// stream is rejected with one comparison. When the candidate area might overflow in the next
// round (each thread offers at most one candidate per round), the whole buffer is bitonic-sorted
// and the second half cleared. Empty slots hold (FLT_MAX, NONE): NONE = 0xffffffff reads as -1
// through bitcast<i32>, which is the documented padding id when fewer than k candidates exist.
// FLT_MAX stands in for +inf because WGSL may assume floats are finite; the host turns the padded
// distances into +Infinity. Real distances are clamped to FLT_MAX so an overflowed distance still
// sorts before padding (its id is lower than NONE).

const TK_WG = 64u;
const TK_SLOTS = 256u;
const TK_BEST = 128u;
const TK_NONE = 0xffffffffu;
const TK_FLT_MAX = 0x1.fffffep+127f; // largest finite f32

var<workgroup> tkDist: array<f32, 256>;
var<workgroup> tkId: array<u32, 256>;
var<workgroup> tkFill: atomic<u32>;
var<workgroup> tkFillSnapshot: u32;
var<workgroup> tkCutDist: f32;
var<workgroup> tkCutId: u32;

fn tk_less(ad: f32, ai: u32, bd: f32, bi: u32) -> bool {
  return ad < bd || (ad == bd && ai < bi);
}

fn tk_init(lid: u32) {
  for (var s = lid; s < TK_SLOTS; s += TK_WG) { tkDist[s] = TK_FLT_MAX; tkId[s] = TK_NONE; }
  if (lid == 0u) {
    atomicStore(&tkFill, 0u);
    tkCutDist = TK_FLT_MAX;
    tkCutId = TK_NONE;
  }
  workgroupBarrier();
}

// May be called from divergent control flow (inactive threads simply do not call it).
fn tk_offer(dIn: f32, id: u32) {
  let d = min(dIn, TK_FLT_MAX);
  if (tk_less(d, id, tkCutDist, tkCutId)) {
    let slot = atomicAdd(&tkFill, 1u);
    tkDist[TK_BEST + slot] = d;
    tkId[TK_BEST + slot] = id;
  }
}

// Ascending bitonic sort of all 256 slots; 64 threads each handle 2 of the 128 pairs per stage.
fn tk_sort(lid: u32) {
  for (var size = 2u; size <= TK_SLOTS; size <<= 1u) {
    for (var stride = size >> 1u; stride > 0u; stride >>= 1u) {
      for (var h = 0u; h < 2u; h++) {
        let p = lid + h * TK_WG;
        let i = 2u * p - (p & (stride - 1u));
        let j = i + stride;
        let ascending = (i & size) == 0u;
        let di = tkDist[i]; let ii = tkId[i];
        let dj = tkDist[j]; let ij = tkId[j];
        if (tk_less(dj, ij, di, ii) == ascending) {
          tkDist[i] = dj; tkId[i] = ij;
          tkDist[j] = di; tkId[j] = ii;
        }
      }
      workgroupBarrier();
    }
  }
}

fn tk_merge(lid: u32, k: u32) {
  tk_sort(lid);
  for (var s = TK_BEST + lid; s < TK_SLOTS; s += TK_WG) { tkDist[s] = TK_FLT_MAX; tkId[s] = TK_NONE; }
  if (lid == 0u) {
    atomicStore(&tkFill, 0u);
    tkCutDist = tkDist[k - 1u];
    tkCutId = tkId[k - 1u];
  }
  workgroupBarrier();
}

// Must be called in uniform control flow after every round of offers.
fn tk_end_round(lid: u32, k: u32) {
  workgroupBarrier();
  if (lid == 0u) { tkFillSnapshot = atomicLoad(&tkFill); }
  let fill = workgroupUniformLoad(&tkFillSnapshot);
  if (fill > TK_BEST - TK_WG) { tk_merge(lid, k); }
}

// Final merge; afterwards slots [0, k) hold the answer.
fn tk_finish(lid: u32, k: u32) {
  workgroupBarrier();
  if (lid == 0u) { tkFillSnapshot = atomicLoad(&tkFill); }
  let fill = workgroupUniformLoad(&tkFillSnapshot);
  if (fill > 0u) { tk_merge(lid, k); }
}
