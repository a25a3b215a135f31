// Exact merge of two partial attention results over disjoint key sets:
//   L = logaddexp(La, Lb),  O = Oa·e^(La-L) + Ob·e^(Lb-L)
// with O normalised [rows, h, d] and L = LSE [rows, h]. Computed stably: with hi = max(La, Lb),
// x = e^(lo-hi) ∈ (0, 1], the weights are 1/(1+x) and x/(1+x) and L = hi + log1p(x).
// LSE buffers hold raw f32 bits (see flashAttention.wgsl): -inf (0xff800000) marks an empty
// partial, whose O is ignored; both empty gives O = 0, L = -inf. No NaN is ever produced.
// One invocation per output element; each recomputes its row's weights (two loads, one exp),
// which is cheaper than a second pass. Out of place: WebGPU forbids aliasing a written binding.

struct Params {
  rowHeads: u32,   // rows · h
  headDim: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read> oA: array<f32>;
@group(0) @binding(1) var<storage, read> lseA: array<u32>;
@group(0) @binding(2) var<storage, read> oB: array<f32>;
@group(0) @binding(3) var<storage, read> lseB: array<u32>;
@group(0) @binding(4) var<storage, read_write> oOut: array<f32>;
@group(0) @binding(5) var<storage, read_write> lseOut: array<u32>;
@group(0) @binding(6) var<uniform> params: Params;

const WORKGROUP: u32 = 256u;
const NEG_INF_BITS: u32 = 0xff800000u;

// log(1 + x) for x in (0, 1] to full relative precision (Goldberg's trick; no log1p in WGSL).
fn log1pUnit(x: f32) -> f32 {
  let u = 1.0 + x;
  if (u == 1.0) { return x; }
  return log(u) * (x / (u - 1.0));
}

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u,
        @builtin(num_workgroups) groups: vec3u) {
  let e = (wid.y * groups.x + wid.x) * WORKGROUP + lid;
  if (e >= params.rowHeads * params.headDim) { return; }
  let rh = e / params.headDim;
  let writesLse = e % params.headDim == 0u;
  let bitsA = lseA[rh];
  let bitsB = lseB[rh];
  let emptyA = bitsA == NEG_INF_BITS;
  let emptyB = bitsB == NEG_INF_BITS;

  if (emptyA && emptyB) {
    oOut[e] = 0.0;
    if (writesLse) { lseOut[rh] = NEG_INF_BITS; }
    return;
  }
  if (emptyA || emptyB) {
    // Copy the non-empty side bit for bit: merging with an empty partial is the identity.
    oOut[e] = select(oA[e], oB[e], emptyA);
    if (writesLse) { lseOut[rh] = select(bitsA, bitsB, emptyA); }
    return;
  }
  let la = bitcast<f32>(bitsA);
  let lb = bitcast<f32>(bitsB);
  let aIsHi = la >= lb;
  let hi = max(la, lb);
  let x = exp(min(la, lb) - hi);
  let wHi = 1.0 / (1.0 + x);
  let wLo = x * wHi;
  oOut[e] = oA[e] * select(wLo, wHi, aIsHi) + oB[e] * select(wHi, wLo, aIsHi);
  if (writesLse) { lseOut[rh] = bitcast<u32>(hi + log1pUnit(x)); }
}
