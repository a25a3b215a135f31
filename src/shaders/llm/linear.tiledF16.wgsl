// Tiled GEMM for the linear layer's forward with packed-f16 weights: C[M, N] (= or +=) A[M, K] · Wᵀ,
// A f32 [M, K] row-major, W [N, K] stored as f16 pairs in u32 words (src/kernels/llm/halfWeights.ts:
// row n at words n·KW .., KW = ceil(K / 2), element 2j in the low half of word j). The prefill
// counterpart of linear.decodeF16.wgsl; same tiling as linear.tiled.wgsl with TRANS_B and no TRANS_A.
//
// Each 16×16 workgroup computes a (16·TM)×64 tile of C; each thread a TM×4 register block strided
// by 16. K advances in slabs of 16: the W slab is unpacked with core `unpack2x16float` (no
// shader-f16 feature) into an f32 workgroup tile as it is staged, so the inner product runs in
// f32 exactly as in the f32 kernel. Edges are zero-filled on load and guarded on store (any M, N,
// K ≥ 1); every C element is one thread's in-order FMA chain over k: deterministic.

struct Dims { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<u32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override ACCUMULATE: bool = false;
/** Rows of C per thread (1, 2 or 4). */
override TM: u32 = 4u;

const WG = 16u;
const BN = 64u;
const BK = 16u;
const A_STRIDE = 17u; // BK + 1
const B_STRIDE = 65u; // BN + 1

var<workgroup> tileA: array<f32, 1088>; // [BM ≤ 64][A_STRIDE]
var<workgroup> tileB: array<f32, 1040>; // [BK][B_STRIDE]

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let KW = (K + 1u) / 2u;
  let BM = WG * TM;
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let tid = lid.y * WG + lid.x;
  var acc: array<f32, 16>;

  for (var k0 = 0u; k0 < K; k0 += BK) {
    // A slab [BM][BK]: TM values per thread, consecutive threads along k.
    for (var i = 0u; i < TM; i++) {
      let idx = tid + i * 256u;
      let r = idx / BK;
      let kk = idx % BK;
      let gr = row0 + r;
      let gk = k0 + kk;
      var v = 0.0;
      if (gr < M && gk < K) { v = a[gr * K + gk]; }
      tileA[r * A_STRIDE + kk] = v;
    }
    // W slab: 64 rows × 8 words (16 values); 512 words, 2 per thread, consecutive threads along
    // a row's words; each word fills two k entries of the tile.
    for (var i = 0u; i < 2u; i++) {
      let idx = tid + i * 256u;
      let cb = idx / (BK / 2u);
      let kw = idx % (BK / 2u);
      let gc = col0 + cb;
      let gw = k0 / 2u + kw;
      var h = vec2f(0.0);
      if (gc < N && gw < KW) { h = unpack2x16float(b[gc * KW + gw]); }
      // The pad half of an odd K is zero, and A is zero past K: it adds nothing.
      tileB[(2u * kw) * B_STRIDE + cb] = h.x;
      tileB[(2u * kw + 1u) * B_STRIDE + cb] = h.y;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      var bv: array<f32, 4>;
      for (var j = 0u; j < 4u; j++) { bv[j] = tileB[kk * B_STRIDE + lid.x + j * WG]; }
      for (var i = 0u; i < TM; i++) {
        let av = tileA[(lid.y + i * WG) * A_STRIDE + kk];
        for (var j = 0u; j < 4u; j++) { acc[i * 4u + j] = fma(av, bv[j], acc[i * 4u + j]); }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < TM; i++) {
    let r = row0 + lid.y + i * WG;
    if (r >= M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x + j * WG;
      if (col < N) {
        let o = r * N + col;
        if (ACCUMULATE) { c[o] = c[o] + acc[i * 4u + j]; } else { c[o] = acc[i * 4u + j]; }
      }
    }
  }
}
