// Causal self-attention backward, step 2: dK and dV in cache layout, without atomics.
//   q, dO           [T, nHeads, d]
//   kCache, vCache  [B, maxSeq, nKv, d]
//   probs           P [T, nHeads, maxSeq] (flags bit 0) or LSE [T, nHeads] (P recomputed)
//   work            u32 scratch (layout in causalAttention.rowIndex.wgsl): rowOf, seqEnd, Δ
//   dK, dV          [B, maxSeq, nKv, d]: dK_j = scale · Σ dS_tj q_t, dV_j = Σ P_tj dO_t over the
//                   rows t of sequence b at positions ≥ j and the G = nHeads / nKv query heads of
//                   kv head g; entries no row attends are written as 0
//
// One workgroup of WG = 128 invocations per (sequence b, key position j, kv head), flat over a
// 2-D grid: each workgroup owns its dK/dV row outright, so the sums over rows and heads need no
// atomics. Its K_j and V_j rows are staged in workgroup memory. The (position, head) pairs that
// see key j, (j + i / G, g·G + i % G) for i < (seqEnd[b] − j)·G, are walked in chunks of WG:
//  1. invocation i finds the row at that position (rowOf; NONE for a gap), computes P (read or
//     recomputed from q·K_j and the LSE), dP = dO·V_j and dS = P (dP − Δ) with one walk of the
//     q / dO rows, and stores P, dS and the row·head index in workgroup memory;
//  2. invocations as ROWS × COLS (COLS = head-dim bucket) accumulate column c of P·dO and
//     dS·q over pairs r, r + ROWS, … of the chunk.
// The ROWS partials are tree-reduced at the end: every sum has a fixed order (deterministic).

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
@group(0) @binding(5) var<storage, read> work: array<u32>;
@group(0) @binding(6) var<storage, read_write> dK: array<f32>;
@group(0) @binding(7) var<storage, read_write> dV: array<f32>;
@group(0) @binding(8) var<uniform> params: Params;

override COLS: u32 = 128u;
const WG: u32 = 128u;
override ROWS: u32 = WG / COLS;
const NONE: u32 = 0xffffffffu;

var<workgroup> ks: array<f32, COLS>;
var<workgroup> vs: array<f32, COLS>;
var<workgroup> pS: array<f32, WG>;
var<workgroup> dsS: array<f32, WG>;
var<workgroup> idx: array<u32, WG>;
var<workgroup> redK: array<f32, WG>;
var<workgroup> redV: array<f32, WG>;

@compute @workgroup_size(128)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let flat = wid.x + wid.y * nwg.x;
  let nKv = params.nKv;
  let maxSeq = params.maxSeq;
  if (flat >= params.batch * maxSeq * nKv) { return; }
  let kvh = flat % nKv;
  let j = (flat / nKv) % maxSeq;
  let b = flat / (nKv * maxSeq);
  let d = params.headDim;
  let G = params.nHeads / nKv;
  let out = flat * d; // ((b·maxSeq + j)·nKv + kvh)·d
  let end = work[params.offSeqEnd + b];
  let items = select(0u, (end - j) * G, end > j);
  let hasP = (params.flags & 1u) != 0u;

  if (items > 0u) {
    for (var cc = lid; cc < d; cc += WG) {
      ks[cc] = kCache[out + cc];
      vs[cc] = vCache[out + cc];
    }
  }
  workgroupBarrier();

  let r = lid / COLS;
  let c = lid % COLS;
  var accK = 0.0;
  var accV = 0.0;
  for (var i0 = 0u; i0 < items; i0 += WG) {
    let item = i0 + lid;
    var rh = NONE;
    var pv = 0.0;
    var ds = 0.0;
    if (item < items) {
      let t = work[b * maxSeq + j + item / G];
      if (t != NONE) {
        rh = t * params.nHeads + kvh * G + item % G;
        let base = rh * d;
        var dp = 0.0;
        var dot = 0.0;
        for (var cc = 0u; cc < d; cc++) {
          dp = fma(dO[base + cc], vs[cc], dp);
          if (!hasP) { dot = fma(q[base + cc], ks[cc], dot); }
        }
        if (hasP) { pv = probs[rh * maxSeq + j]; } else { pv = exp(dot * params.scale - probs[rh]); }
        ds = pv * (dp - bitcast<f32>(work[params.offDelta + rh]));
      }
    }
    pS[lid] = pv;
    dsS[lid] = ds;
    idx[lid] = rh;
    workgroupBarrier();
    let n = min(WG, items - i0);
    if (c < d) {
      for (var i = r; i < n; i += ROWS) {
        let h = idx[i];
        if (h != NONE) {
          accV = fma(pS[i], dO[h * d + c], accV);
          accK = fma(dsS[i], q[h * d + c], accK);
        }
      }
    }
    workgroupBarrier();
  }
  redK[lid] = accK;
  redV[lid] = accV;
  workgroupBarrier();
  for (var stride = ROWS / 2u; stride > 0u; stride >>= 1u) {
    if (r < stride) {
      redK[lid] += redK[lid + stride * COLS];
      redV[lid] += redV[lid + stride * COLS];
    }
    workgroupBarrier();
  }
  if (r == 0u && c < d) {
    dK[out + c] = params.scale * redK[c];
    dV[out + c] = redV[c];
  }
}
