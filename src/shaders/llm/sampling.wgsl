// Next-token sampling from logits [B, V], one workgroup per row (flat index wid.x + wid.y ·
// num_workgroups.x over a 2-D grid; workgroups past `rows` return). Needs the PCG hash of
// src/shaders/common/pcg.wgsl prepended. Every reduction is a tree in workgroup memory (or a
// sequential scan by thread 0) with an order fixed by WG and V, so a row's result is the same on
// every run; the only integer atomics (min / max of indices) are order-independent.
// Logits may be −∞ (masked ids get probability 0) but each row needs one finite value.
//
// 1. argmax: thread i scans columns i, i + WG, … keeping the first maximum; the tree keeps the
//    larger value, or the lower index on equal values. mx = the max logit.
// 2. mode GREEDY: token = argmax (ties → lowest id); probs row = one-hot at the token.
// 3. weights w_j = exp((z_j − mx) / temperature) ∈ [0, 1] (the max has w = 1). Mode TEMPERATURE
//    keeps every id (τ = 0). Mode TOP_P with topP < 1 keeps K = {j : w_j ≥ τ} where τ is the
//    largest f32 t with mass(t) = Σ_{w_j ≥ t} w_j ≥ topP · Σ_j w_j: the smallest prefix of the
//    ids sorted by descending probability whose mass reaches topP, plus every id tied with the
//    last one of that prefix (ties at the threshold are all kept; ids of equal probability are
//    never split). mass(t) is non-increasing in t (and so is its f32 tree sum: dropping a
//    non-negative term never increases a rounded sum), so τ is found without sorting by bisection
//    on the bit pattern of t (non-negative f32s order like their u32 bits): lo = 0 (mass = all),
//    hi = +∞ bits; 31 halvings of [0, 0x7f800000) leave hi = lo + 1, and τ = lo is a weight value.
//    Cost: 31 tree sums over the row (31·V exps per row).
// 4. inverse CDF over the kept ids in index order: u = hash_float(pcg_hash(seed ^ pcg_hash(step)),
//    row) ∈ [0, 1) (the CPU reference draws the same u), M = Σ_K w_j, token = the lowest kept id j
//    with w_j > 0 and u·M < Σ_{i ∈ K, i ≤ j} w_i; if rounding leaves none, the last kept id with
//    w_j > 0. Thread i owns the contiguous chunk [i·c, i·c + c), c = ⌈V / WG⌉; thread 0 scans the
//    chunk sums into exclusive prefixes (and M); each thread walks its chunk from its prefix and
//    offers its first crossing to an atomicMin.
// 5. probs (when writeProbs ≠ 0): w_j / M for kept ids, 0 otherwise: the softmax at the
//    temperature after top-p renormalisation — the distribution the token was drawn from.
override WG: u32 = 256u; // a power of two, chosen by the wrapper from V

struct Params {
  rows: u32,
  vocab: u32,
  mode: u32,
  writeProbs: u32,
  invTemperature: f32,
  topP: f32,
  seed: u32,
  step: u32,
}

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read_write> tokens: array<i32>;
@group(0) @binding(2) var<storage, read_write> probs: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

const GREEDY = 0u;
const TOP_P = 2u;
const NONE = 0xffffffffu;

var<workgroup> redF: array<f32, WG>;
var<workgroup> redI: array<u32, WG>;
var<workgroup> keptMass: f32;
var<workgroup> pick: atomic<u32>;
var<workgroup> lastKept: atomic<u32>;

fn tree_sum(lid: u32, x: f32) -> f32 {
  redF[lid] = x;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) { redF[lid] = redF[lid] + redF[lid + s]; }
    workgroupBarrier();
  }
  let r = redF[0];
  workgroupBarrier(); // everyone has read redF[0] before it is reused
  return r;
}

fn weight(base: u32, j: u32, mx: f32) -> f32 {
  return exp((logits[base + j] - mx) * params.invTemperature);
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= params.rows) { return; }
  let V = params.vocab;
  let base = row * V;

  // 1. argmax, ties to the lower id.
  var bv = 0.0;
  var bi = NONE;
  for (var c = lid; c < V; c += WG) {
    let z = logits[base + c];
    if (bi == NONE || z > bv) { bv = z; bi = c; }
  }
  redF[lid] = bv;
  redI[lid] = bi;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (lid < s) {
      let oi = redI[lid + s];
      let ov = redF[lid + s];
      let ci = redI[lid];
      let cv = redF[lid];
      if (oi != NONE && (ci == NONE || ov > cv || (ov == cv && oi < ci))) {
        redF[lid] = ov;
        redI[lid] = oi;
      }
    }
    workgroupBarrier();
  }
  let mx = redF[0];
  let amax = redI[0];
  workgroupBarrier();

  // 2. greedy.
  if (params.mode == GREEDY) {
    if (lid == 0u) { tokens[row] = i32(amax); }
    if (params.writeProbs != 0u) {
      for (var c = lid; c < V; c += WG) { probs[base + c] = select(0.0, 1.0, c == amax); }
    }
    return;
  }

  // 3. the top-p threshold τ (0 keeps every id).
  var tau = 0.0;
  if (params.mode == TOP_P && params.topP < 1.0) {
    var s = 0.0;
    for (var c = lid; c < V; c += WG) { s += weight(base, c, mx); }
    let need = params.topP * tree_sum(lid, s);
    var lo = 0u;
    var hi = 0x7f800000u;
    for (var it = 0u; it < 31u; it++) {
      let mid = lo + (hi - lo) / 2u;
      let t = bitcast<f32>(mid);
      var ms = 0.0;
      for (var c = lid; c < V; c += WG) {
        let w = weight(base, c, mx);
        if (w >= t) { ms += w; }
      }
      if (tree_sum(lid, ms) >= need) { lo = mid; } else { hi = mid; }
    }
    tau = bitcast<f32>(lo);
  }

  // 4. inverse CDF over the kept ids, in index order.
  let chunk = (V + WG - 1u) / WG;
  let first = min(lid * chunk, V);
  let end = min(first + chunk, V);
  var cs = 0.0;
  for (var j = first; j < end; j++) {
    let w = weight(base, j, mx);
    if (w >= tau) { cs += w; }
  }
  redF[lid] = cs;
  if (lid == 0u) {
    atomicStore(&pick, NONE);
    atomicStore(&lastKept, 0u);
  }
  workgroupBarrier();
  if (lid == 0u) {
    var acc = 0.0;
    for (var k = 0u; k < WG; k++) {
      let c = redF[k];
      redF[k] = acc;
      acc += c;
    }
    keptMass = acc;
  }
  workgroupBarrier();
  let mass = keptMass;
  let x = hash_float(pcg_hash(params.seed ^ pcg_hash(params.step)), row) * mass;
  var cum = redF[lid];
  var found = NONE;
  var last = 0u;
  for (var j = first; j < end; j++) {
    let w = weight(base, j, mx);
    if (w >= tau && w > 0.0) {
      cum += w;
      last = j + 1u;
      if (found == NONE && x < cum) { found = j; }
    }
  }
  if (found != NONE) { atomicMin(&pick, found); }
  if (last != 0u) { atomicMax(&lastKept, last); }
  workgroupBarrier();
  if (lid == 0u) {
    let p = atomicLoad(&pick);
    tokens[row] = i32(select(atomicLoad(&lastKept) - 1u, p, p != NONE));
  }

  // 5. the distribution sampled from.
  if (params.writeProbs != 0u) {
    for (var c = lid; c < V; c += WG) {
      let w = weight(base, c, mx);
      probs[base + c] = select(0.0, w / mass, w >= tau);
    }
  }
}
