// Pass 1 of decode attention, shared by the baseline and CHAI: the scaled scores of each
// sequence's single decode query against the K cache, computed once per *score head*.
//   q       [B, H, d]      the new token's queries, all H heads
//   kCache  [B, T, S, d]   the K cache of the S score heads
//   qHeadOf [S]            which query head scores for score head s
//   scores  [B, S, T]      scale · q[b, qHeadOf[s]] · kCache[b, t, s]
// Baseline: S = H, qHeadOf = identity (every head scores against its own K).
// CHAI:     S = k clusters, kCache holds only the representatives' K, qHeadOf[c] = the
//           cluster's representative head; the other heads reuse the row in pass 2.
//
// One workgroup per (tile of KEYS keys, score head, sequence). The query row is staged once in
// workgroup memory; each invocation owns one key and walks its K row with a sequential fma
// chain (fixed summation order, so identical inputs give bit-identical scores in either mode).
// Why not a cooperative K tile: with d = 128 a 64-key tile is 32 KiB, over the 16 KiB
// workgroup-memory default; a per-key row read is simple and the rows sit in cache lines.

struct Params {
  batch: u32,
  context: u32,
  heads: u32,
  scoreHeads: u32,
  headDim: u32,
  scale: f32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> kCache: array<f32>;
@group(0) @binding(2) var<storage, read> qHeadOf: array<u32>;
@group(0) @binding(3) var<storage, read_write> scores: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

const KEYS: u32 = 64u;
const MAX_HEAD_DIM: u32 = 128u;

var<workgroup> qRow: array<f32, MAX_HEAD_DIM>;

@compute @workgroup_size(64)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let d = params.headDim;
  let s = wid.y;
  let b = wid.z;
  let qBase = (b * params.heads + qHeadOf[s]) * d;
  for (var c = lid; c < d; c += KEYS) { qRow[c] = q[qBase + c]; }
  workgroupBarrier();

  let t = wid.x * KEYS + lid;
  if (t >= params.context) { return; }
  let kBase = ((b * params.context + t) * params.scoreHeads + s) * d;
  var dot = 0.0;
  for (var c = 0u; c < d; c++) { dot = fma(qRow[c], kCache[kBase + c], dot); }
  scores[(b * params.scoreHeads + s) * params.context + t] = dot * params.scale;
}
