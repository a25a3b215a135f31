// Tiled f32 GEMM for the linear layer: C[M, N] (= or +=) op(A) · op(B), row-major storage.
//   op(A) = A [M, K], or Aᵀ with A stored [K, M] when TRANS_A;
//   op(B) = B [K, N], or Bᵀ with B stored [N, K] when TRANS_B.
// A linear layer with weight W [out, in] uses: forward x · Wᵀ (TRANS_B), input gradient dy · W
// (no transpose), weight gradient dW += dyᵀ · x (TRANS_A, ACCUMULATE).
//
// Each 16×16 workgroup computes a (16·TM)×64 tile of C, at rows wid.y·16·TM, columns wid.x·64;
// each thread owns a TM×4 register block whose rows / columns are strided by 16, so neighbouring
// threads read neighbouring shared-memory words. K advances in slabs of 16 staged through
// workgroup memory. Loads follow the storage order of each operand (consecutive threads read
// consecutive addresses of A or B whichever way it is stored); the tiles have padded row strides
// (17 and 65 words) so the transposed stores into them do not collide on one memory bank.
// Edges are guarded on load (zero fill) and on store, so any M, N, K ≥ 1 works. Every C element is
// one thread's sequential FMA chain over k, in order: deterministic.
// ACCUMULATE reads C once and adds the product into it (gradient accumulation).

struct Dims { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override ACCUMULATE: bool = false;
/** Rows of C per thread (1, 2 or 4): the tile is 16·TM rows tall, so short A wastes fewer rows. */
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
  let BM = WG * TM;
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let tid = lid.y * WG + lid.x;
  var acc: array<f32, 16>;

  for (var k0 = 0u; k0 < K; k0 += BK) {
    // op(A) slab [BM][BK]: BM·BK = 256·TM values, TM per thread.
    for (var i = 0u; i < TM; i++) {
      let idx = tid + i * 256u;
      var r: u32;
      var kk: u32;
      if (TRANS_A) { kk = idx / BM; r = idx % BM; } else { r = idx / BK; kk = idx % BK; }
      let gr = row0 + r;
      let gk = k0 + kk;
      var v = 0.0;
      if (gr < M && gk < K) {
        if (TRANS_A) { v = a[gk * M + gr]; } else { v = a[gr * K + gk]; }
      }
      tileA[r * A_STRIDE + kk] = v;
    }
    // op(B) slab [BK][BN]: 1024 values, 4 per thread.
    for (var i = 0u; i < 4u; i++) {
      let idx = tid + i * 256u;
      var kb: u32;
      var cb: u32;
      if (TRANS_B) { cb = idx / BK; kb = idx % BK; } else { kb = idx / BN; cb = idx % BN; }
      let gk = k0 + kb;
      let gc = col0 + cb;
      var v = 0.0;
      if (gk < K && gc < N) {
        if (TRANS_B) { v = b[gc * K + gk]; } else { v = b[gk * N + gc]; }
      }
      tileB[kb * B_STRIDE + cb] = v;
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
