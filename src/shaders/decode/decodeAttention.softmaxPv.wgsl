// Pass 2 of decode attention, shared by the baseline and CHAI: softmax over a score row, then
// the weighted sum of *this head's own* V rows.
//   scores      [B, S, T]     from pass 1
//   scoreHeadOf [H]           the score row head h uses (identity for the baseline; the
//                             head→cluster map for CHAI, so every head of a cluster shares it)
//   v           [B, T, H, d]  the full V cache (CHAI keeps every head's V)
//   o           [B, H, d]     Σ_t softmax(scores[b, scoreHeadOf[h], :])_t · v[b, t, h, :]
//
// One workgroup of 256 invocations per (head, sequence), three phases:
//  1. row max: each invocation strides over T, then a tree reduction in workgroup memory;
//  2. row sum of e^(s - max), the same way;
//  3. P·V: invocations form ROWS × COLS with COLS = the head-dim bucket (power of two ≥ d).
//     Keys are processed in chunks of 256: each invocation writes one e^(s - max) into
//     workgroup memory, then (row r, column c) accumulates column c over keys r, r + ROWS, …
//     of the chunk (neighbouring invocations read neighbouring V columns: coalesced). The ROWS
//     partial sums are tree-reduced and divided by the row sum once at the end.
// All reductions have a fixed order, so equal inputs give bit-identical outputs in both modes.
// Design choice: one workgroup per (head, sequence) with a parallel reduction over T, not a
// split-K (flash-decoding) grid: simplest to get exact, and identical for baseline and CHAI so
// their difference is only the score pass. Its limit: with B·H workgroups below a big GPU's
// core count (e.g. B = 1, H = 32 on an H100) this pass cannot reach full memory bandwidth;
// splitting T across workgroups plus a merge pass would fix that.
// T ≥ 1 is guaranteed by the host, so the max is seeded with a real score (no -inf needed).

struct Params {
  batch: u32,
  context: u32,
  heads: u32,
  scoreHeads: u32,
  headDim: u32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> scores: array<f32>;
@group(0) @binding(1) var<storage, read> scoreHeadOf: array<u32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read_write> o: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

// Head-dim bucket (4, 8, …, 128), set by the host; ROWS · COLS = WORKGROUP.
override COLS: u32 = 128u;
const WORKGROUP: u32 = 256u;
override ROWS: u32 = WORKGROUP / COLS;

var<workgroup> partial: array<f32, WORKGROUP>;
var<workgroup> pChunk: array<f32, WORKGROUP>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let h = wid.x;
  let b = wid.y;
  let T = params.context;
  let H = params.heads;
  let d = params.headDim;
  let rowBase = (b * params.scoreHeads + scoreHeadOf[h]) * T;

  // 1. Row max.
  var m = scores[rowBase];
  for (var t = lid; t < T; t += WORKGROUP) { m = max(m, scores[rowBase + t]); }
  partial[lid] = m;
  workgroupBarrier();
  for (var stride = WORKGROUP / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { partial[lid] = max(partial[lid], partial[lid + stride]); }
    workgroupBarrier();
  }
  let rowMax = partial[0];
  workgroupBarrier();

  // 2. Row sum of e^(s - max).
  var l = 0.0;
  for (var t = lid; t < T; t += WORKGROUP) { l += exp(scores[rowBase + t] - rowMax); }
  partial[lid] = l;
  workgroupBarrier();
  for (var stride = WORKGROUP / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  let rowSum = partial[0];
  workgroupBarrier();

  // 3. Unnormalised P·V over chunks of WORKGROUP keys.
  let r = lid / COLS;
  let c = lid % COLS;
  var acc = 0.0;
  for (var t0 = 0u; t0 < T; t0 += WORKGROUP) {
    let t = t0 + lid;
    if (t < T) { pChunk[lid] = exp(scores[rowBase + t] - rowMax); }
    workgroupBarrier();
    let n = min(WORKGROUP, T - t0);
    if (c < d) {
      for (var i = r; i < n; i += ROWS) {
        acc = fma(pChunk[i], v[((b * T + t0 + i) * H + h) * d + c], acc);
      }
    }
    workgroupBarrier();
  }
  partial[lid] = acc;
  workgroupBarrier();
  for (var stride = ROWS / 2u; stride > 0u; stride >>= 1u) {
    if (r < stride) { partial[lid] += partial[lid + stride * COLS]; }
    workgroupBarrier();
  }
  if (r == 0u && c < d) { o[(b * H + h) * d + c] = partial[c] / rowSum; }
}
