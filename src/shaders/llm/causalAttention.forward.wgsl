// Causal self-attention over a KV cache, forward, f32.
//   q               [T, nHeads, d]          query rows (all sequences of the batch, flattened)
//   kCache, vCache  [B, maxSeq, nKv, d]     per-layer caches; query head h reads kv head h / G,
//                                           G = nHeads / nKv (grouped-query attention)
//   rowSeq, rowPos  [T] u32                 row t attends keys 0..rowPos[t] of sequence rowSeq[t]
//   o               [T, nHeads, d]          softmax(scale · q·Kᵀ) · V over those keys
//   p (flags bit 0) [T, nHeads, maxSeq]     the probabilities, 0 beyond rowPos[t]
//   lse (bit 1)     [T, nHeads] as f32 bits m + log(l), natural log; -inf for a skipped row
//
// One workgroup of WG = 128 invocations per (row t, block of HG query heads of one kv group),
// flat index over a 2-D grid (dispatch.ts). The HG heads share their kv head, so each K and V
// element is read once per workgroup for all of them. Keys 0..rowPos[t] stream in chunks of
// KC = WG keys with an online softmax (running max m, sums rescaled by e^(m_old − m)):
//  1. scores: invocation i owns key k0 + i; it walks that K row once, accumulating the HG dot
//     products against the q rows staged in workgroup memory;
//  2. chunk max per head: a tree reduction over the chunk's valid keys (no sentinel value: the
//     bounded tree only ever reads indices < n), then every invocation updates its copy of m;
//  3. e = exp(s − m) overwrites the score in workgroup memory; each invocation keeps its own
//     share of the running sum l (rescaled every chunk, tree-reduced once at the end);
//  4. P·V: invocations form ROWS × COLS (COLS = head-dim bucket, a power of two ≥ d); (r, c)
//     accumulates column c over keys r, r + ROWS, … of the chunk (neighbours read neighbouring V
//     columns). The ROWS partials are tree-reduced at the end and divided by l.
// Decode (one row per sequence, long cache) therefore splits its keys over the whole workgroup;
// prefill gets T · nHeads / HG workgroups. Every reduction has a fixed order: deterministic.
// Keys past rowPos[t] are never read, so garbage (NaN) in the cache beyond it cannot leak in.
// With P requested, raw scores are stored during the loop and normalised at the end by the same
// invocation that wrote them (key j is always owned by invocation j mod WG), then the tail
// rowPos[t] < j < maxSeq is zeroed. Rows with rowSeq ≥ B or rowPos ≥ maxSeq (which the host
// refuses) attend nothing: o = 0, P = 0, lse = -inf.
// Arrays declared inside the key loop are zeroed explicitly: SwiftShader was seen to skip the
// implicit zero-initialisation of such an array on later trips through the loop.

struct Params {
  rows: u32,
  batch: u32,
  maxSeq: u32,
  nHeads: u32,
  nKv: u32,
  headDim: u32,
  scale: f32,
  flags: u32,
  blocksPerRow: u32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> kCache: array<f32>;
@group(0) @binding(2) var<storage, read> vCache: array<f32>;
@group(0) @binding(3) var<storage, read> rowSeq: array<u32>;
@group(0) @binding(4) var<storage, read> rowPos: array<u32>;
@group(0) @binding(5) var<storage, read_write> o: array<f32>;
@group(0) @binding(6) var<storage, read_write> p: array<f32>;
@group(0) @binding(7) var<storage, read_write> lse: array<u32>;
@group(0) @binding(8) var<uniform> params: Params;

// Query heads per workgroup (a divisor of G, at most HG_MAX) and the head-dim bucket; set by the host.
override HG: u32 = 1u;
override COLS: u32 = 128u;
const WG: u32 = 128u;
const KC: u32 = WG;
const HG_MAX: u32 = 8u;
override ROWS: u32 = WG / COLS;
const NEG_INF_BITS: u32 = 0xff800000u;

var<workgroup> qs: array<f32, HG * COLS>;
var<workgroup> sc: array<f32, HG * KC>;
var<workgroup> red: array<f32, HG * WG>;

@compute @workgroup_size(128)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let flat = wid.x + wid.y * nwg.x;
  if (flat >= params.rows * params.blocksPerRow) { return; }
  let t = flat / params.blocksPerRow;
  let h0 = (flat % params.blocksPerRow) * HG;
  let d = params.headDim;
  let nKv = params.nKv;
  let kvh = h0 / (params.nHeads / nKv);
  let seq = rowSeq[t];
  let pos = rowPos[t];
  let L = select(0u, pos + 1u, seq < params.batch && pos < params.maxSeq);
  let cacheRow0 = seq * params.maxSeq; // cache row of the sequence's key 0
  let qBase = t * params.nHeads * d;
  let saveP = (params.flags & 1u) != 0u;

  for (var i = lid; i < HG * COLS; i += WG) {
    let g = i / COLS;
    let c = i % COLS;
    var x = 0.0;
    if (c < d) { x = q[qBase + (h0 + g) * d + c]; }
    qs[i] = x;
  }
  workgroupBarrier();

  let r = lid / COLS;
  let c = lid % COLS;
  var m: array<f32, HG_MAX>;    // running max per head (meaningful after the first chunk)
  var lsum: array<f32, HG_MAX>; // this invocation's share of the running sum per head
  var acc: array<f32, HG_MAX>;  // P·V partial of column c over this invocation's key rows

  for (var k0 = 0u; k0 < L; k0 += KC) {
    let n = min(KC, L - k0);
    // 1. Scores of key k0 + lid for every head of the block.
    if (lid < n) {
      let kb = ((cacheRow0 + k0 + lid) * nKv + kvh) * d;
      var dots: array<f32, HG_MAX>;
      for (var g = 0u; g < HG; g++) { dots[g] = 0.0; }
      for (var cc = 0u; cc < d; cc++) {
        let kv = kCache[kb + cc];
        for (var g = 0u; g < HG; g++) { dots[g] = fma(qs[g * COLS + cc], kv, dots[g]); }
      }
      for (var g = 0u; g < HG; g++) {
        let s = dots[g] * params.scale;
        sc[g * KC + lid] = s;
        red[g * WG + lid] = s;
        if (saveP) { p[(t * params.nHeads + h0 + g) * params.maxSeq + k0 + lid] = s; }
      }
    }
    workgroupBarrier();
    // 2. Chunk max per head over the n valid keys.
    for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
      if (lid < stride && lid + stride < n) {
        for (var g = 0u; g < HG; g++) { red[g * WG + lid] = max(red[g * WG + lid], red[g * WG + lid + stride]); }
      }
      workgroupBarrier();
    }
    var alpha: array<f32, HG_MAX>;
    for (var g = 0u; g < HG; g++) {
      let cm = red[g * WG];
      let first = k0 == 0u;
      let nm = select(max(m[g], cm), cm, first);
      alpha[g] = select(exp(m[g] - nm), 0.0, first);
      m[g] = nm;
      lsum[g] *= alpha[g];
      acc[g] *= alpha[g];
    }
    // 3. e = exp(s − m) in place of the scores.
    if (lid < n) {
      for (var g = 0u; g < HG; g++) {
        let e = exp(sc[g * KC + lid] - m[g]);
        sc[g * KC + lid] = e;
        lsum[g] += e;
      }
    }
    workgroupBarrier();
    // 4. acc += e · V for column c over keys r, r + ROWS, … of the chunk.
    if (c < d) {
      for (var i = r; i < n; i += ROWS) {
        let vv = vCache[((cacheRow0 + k0 + i) * nKv + kvh) * d + c];
        for (var g = 0u; g < HG; g++) { acc[g] = fma(sc[g * KC + i], vv, acc[g]); }
      }
    }
    workgroupBarrier(); // the next chunk overwrites sc and red
  }

  // Row sums: tree over all invocations.
  for (var g = 0u; g < HG; g++) { red[g * WG + lid] = lsum[g]; }
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      for (var g = 0u; g < HG; g++) { red[g * WG + lid] += red[g * WG + lid + stride]; }
    }
    workgroupBarrier();
  }
  var l: array<f32, HG_MAX>;
  for (var g = 0u; g < HG; g++) { l[g] = red[g * WG]; }
  workgroupBarrier();

  // Output columns: tree over the ROWS invocations of each column.
  for (var g = 0u; g < HG; g++) { red[g * WG + lid] = acc[g]; }
  workgroupBarrier();
  for (var stride = ROWS / 2u; stride > 0u; stride >>= 1u) {
    if (r < stride) {
      for (var g = 0u; g < HG; g++) { red[g * WG + lid] += red[g * WG + lid + stride * COLS]; }
    }
    workgroupBarrier();
  }
  let hasKeys = L > 0u;
  if (r == 0u && c < d) {
    for (var g = 0u; g < HG; g++) { o[qBase + (h0 + g) * d + c] = select(0.0, red[g * WG + c] / l[g], hasKeys); }
  }
  if ((params.flags & 2u) != 0u && lid < HG) {
    lse[t * params.nHeads + h0 + lid] = select(NEG_INF_BITS, bitcast<u32>(m[lid] + log(l[lid])), hasKeys);
  }
  if (saveP) {
    for (var j = lid; j < params.maxSeq; j += WG) {
      for (var g = 0u; g < HG; g++) {
        let idx = (t * params.nHeads + h0 + g) * params.maxSeq + j;
        var x = 0.0;
        if (j < L) { x = exp(p[idx] - m[g]) / l[g]; }
        p[idx] = x;
      }
    }
  }
}
