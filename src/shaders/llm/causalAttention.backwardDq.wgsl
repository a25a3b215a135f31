// Causal self-attention backward, step 1: dq and Δ.
//   q, dO           [T, nHeads, d]        forward queries and the gradient of the output
//   kCache, vCache  [B, maxSeq, nKv, d]   the keys and values the forward pass attended
//   probs           flags bit 0 set: P [T, nHeads, maxSeq] from the forward pass;
//                   clear: LSE [T, nHeads], and P = exp(scale · q·k − lse) is recomputed
//   work            u32 scratch (layout in causalAttention.rowIndex.wgsl): reads rowBase[t],
//                   writes Δ[t, h] = Σ_j P_j dP_j (f32 bits) for the dK/dV pass
//   dq              [T, nHeads, d] = scale · Σ_j dS_j K_j, dS_j = P_j (dP_j − Δ), dP_j = dO·V_j
//
// One workgroup of WG = 128 invocations per (row t, block of HG heads of one kv group), as in the
// forward pass; the dO (and q) rows of the block are staged in workgroup memory. Keys
// 0..rowPos[t] are walked twice in chunks of KC = WG keys, invocation i owning key k0 + i:
//  A. P_j and dP_j (one walk of the V row, and of the K row when P is recomputed, for all HG
//     heads), accumulated into per-invocation partials of Δ, then tree-reduced: Δ is a full-row
//     sum, so it must be known before any dS_j;
//  B. dS_j into workgroup memory, then invocations as ROWS × COLS (COLS = head-dim bucket)
//     accumulate column c of dS·K over keys r, r + ROWS, … of the chunk; the ROWS partials are
//     tree-reduced at the end. Fixed orders throughout: deterministic.
// Keys past rowPos[t] are never read. Invalid rows (rowBase = NONE) get dq = 0 and Δ = 0.
// Arrays declared inside loops or in keyTerms (called in loops) are zeroed explicitly:
// SwiftShader was seen to skip the implicit zero-initialisation of such an array on later trips.
// rowBase comes from a read_write binding, so it is broadcast with workgroupUniformLoad to keep
// the loop bounds (and the barriers inside the loops) in uniform control flow.

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
  offSeqEnd: u32,
  offRowBase: u32,
  offDelta: u32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> kCache: array<f32>;
@group(0) @binding(2) var<storage, read> vCache: array<f32>;
@group(0) @binding(3) var<storage, read> dO: array<f32>;
@group(0) @binding(4) var<storage, read> probs: array<f32>;
@group(0) @binding(5) var<storage, read_write> work: array<u32>;
@group(0) @binding(6) var<storage, read_write> dq: array<f32>;
@group(0) @binding(7) var<uniform> params: Params;

override HG: u32 = 1u;
override COLS: u32 = 128u;
const WG: u32 = 128u;
const KC: u32 = WG;
const HG_MAX: u32 = 8u;
override ROWS: u32 = WG / COLS;
const NONE: u32 = 0xffffffffu;

var<workgroup> qs: array<f32, HG * COLS>;
var<workgroup> dos: array<f32, HG * COLS>;
var<workgroup> sc: array<f32, HG * KC>;
var<workgroup> red: array<f32, HG * WG>;
var<workgroup> rowBaseShared: u32;

// P_j and dP_j of the block's HG heads for key j (cache row `cacheRow`) of row t.
fn keyTerms(t: u32, h0: u32, kvh: u32, j: u32, cacheRow: u32, pOut: ptr<function, array<f32, HG_MAX>>, dpOut: ptr<function, array<f32, HG_MAX>>) {
  let d = params.headDim;
  let kb = (cacheRow * params.nKv + kvh) * d;
  var dp: array<f32, HG_MAX>;
  for (var g = 0u; g < HG; g++) { dp[g] = 0.0; }
  for (var cc = 0u; cc < d; cc++) {
    let vv = vCache[kb + cc];
    for (var g = 0u; g < HG; g++) { dp[g] = fma(dos[g * COLS + cc], vv, dp[g]); }
  }
  var pr: array<f32, HG_MAX>;
  if ((params.flags & 1u) != 0u) {
    for (var g = 0u; g < HG; g++) { pr[g] = probs[(t * params.nHeads + h0 + g) * params.maxSeq + j]; }
  } else {
    var dots: array<f32, HG_MAX>;
    for (var g = 0u; g < HG; g++) { dots[g] = 0.0; }
    for (var cc = 0u; cc < d; cc++) {
      let kv = kCache[kb + cc];
      for (var g = 0u; g < HG; g++) { dots[g] = fma(qs[g * COLS + cc], kv, dots[g]); }
    }
    for (var g = 0u; g < HG; g++) { pr[g] = exp(dots[g] * params.scale - probs[t * params.nHeads + h0 + g]); }
  }
  *pOut = pr;
  *dpOut = dp;
}

@compute @workgroup_size(128)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let flat = wid.x + wid.y * nwg.x;
  if (flat >= params.rows * params.blocksPerRow) { return; }
  let t = flat / params.blocksPerRow;
  let h0 = (flat % params.blocksPerRow) * HG;
  let d = params.headDim;
  let kvh = h0 / (params.nHeads / params.nKv);
  let qBase = t * params.nHeads * d;

  if (lid == 0u) { rowBaseShared = work[params.offRowBase + t]; }
  for (var i = lid; i < HG * COLS; i += WG) {
    let g = i / COLS;
    let c = i % COLS;
    var x = 0.0;
    var y = 0.0;
    if (c < d) {
      x = q[qBase + (h0 + g) * d + c];
      y = dO[qBase + (h0 + g) * d + c];
    }
    qs[i] = x;
    dos[i] = y;
  }
  let rb = workgroupUniformLoad(&rowBaseShared); // also the barrier after staging
  let valid = rb != NONE;
  let pos = select(0u, rb % params.maxSeq, valid);
  let L = select(0u, pos + 1u, valid);
  let cacheRow0 = rb - pos;

  // A. Δ = Σ_j P_j dP_j.
  var part: array<f32, HG_MAX>;
  for (var j = lid; j < L; j += WG) {
    var pr: array<f32, HG_MAX>;
    var dp: array<f32, HG_MAX>;
    keyTerms(t, h0, kvh, j, cacheRow0 + j, &pr, &dp);
    for (var g = 0u; g < HG; g++) { part[g] = fma(pr[g], dp[g], part[g]); }
  }
  for (var g = 0u; g < HG; g++) { red[g * WG + lid] = part[g]; }
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride >>= 1u) {
    if (lid < stride) {
      for (var g = 0u; g < HG; g++) { red[g * WG + lid] += red[g * WG + lid + stride]; }
    }
    workgroupBarrier();
  }
  var delta: array<f32, HG_MAX>;
  for (var g = 0u; g < HG; g++) { delta[g] = red[g * WG]; }
  if (lid < HG) { work[params.offDelta + t * params.nHeads + h0 + lid] = bitcast<u32>(delta[lid]); }
  workgroupBarrier();

  // B. dq = scale · Σ_j dS_j K_j.
  let r = lid / COLS;
  let c = lid % COLS;
  var acc: array<f32, HG_MAX>;
  for (var k0 = 0u; k0 < L; k0 += KC) {
    let n = min(KC, L - k0);
    if (lid < n) {
      var pr: array<f32, HG_MAX>;
      var dp: array<f32, HG_MAX>;
      keyTerms(t, h0, kvh, k0 + lid, cacheRow0 + k0 + lid, &pr, &dp);
      for (var g = 0u; g < HG; g++) { sc[g * KC + lid] = pr[g] * (dp[g] - delta[g]); }
    }
    workgroupBarrier();
    if (c < d) {
      for (var i = r; i < n; i += ROWS) {
        let kk = kCache[((cacheRow0 + k0 + i) * params.nKv + kvh) * d + c];
        for (var g = 0u; g < HG; g++) { acc[g] = fma(sc[g * KC + i], kk, acc[g]); }
      }
    }
    workgroupBarrier();
  }
  for (var g = 0u; g < HG; g++) { red[g * WG + lid] = acc[g]; }
  workgroupBarrier();
  for (var stride = ROWS / 2u; stride > 0u; stride >>= 1u) {
    if (r < stride) {
      for (var g = 0u; g < HG; g++) { red[g * WG + lid] += red[g * WG + lid + stride * COLS]; }
    }
    workgroupBarrier();
  }
  if (r == 0u && c < d) {
    for (var g = 0u; g < HG; g++) { dq[qBase + (h0 + g) * d + c] = params.scale * red[g * WG + c]; }
  }
}
