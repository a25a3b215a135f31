// C[M,N] = A[M,K] · B[K,N], row-major f32.
// Each 16×16 workgroup computes a (16·TM)×64 tile of C; each thread owns a TM×4 register block
// whose rows/cols are strided by 16 so neighbouring threads read neighbouring shared-memory words.
// TM (an override constant: 1, 2 or 4) shrinks the tile for short A so fewer rows sit idle.
// K advances in slabs of 16 staged through workgroup memory (2 × 4 KiB, inside the 16 KiB default).
// Edges are guarded on load (zero fill) and store, so any M, N, K ≥ 1 works.

struct Dims { M: u32, N: u32, K: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> c: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

override TM: u32 = 4u;
const WG = 16u;
const BN = 64u;
const BK = 16u;

var<workgroup> tileA: array<f32, 1024>; // [BM][BK], BM = 16·TM ≤ 64
var<workgroup> tileB: array<f32, 1024>; // [BK][BN]

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let BM = WG * TM;
  let row0 = wid.y * BM;
  let col0 = wid.x * BN;
  let tid = lid.y * WG + lid.x;
  var acc: array<f32, 16>;

  for (var k0 = 0u; k0 < dims.K; k0 += BK) {
    for (var i = 0u; i < 4u; i++) {
      let idx = tid + i * 256u;
      if (i < TM) {
        let r = idx / BK;
        let kk = idx % BK;
        var va = 0.0;
        if (row0 + r < dims.M && k0 + kk < dims.K) { va = a[(row0 + r) * dims.K + k0 + kk]; }
        tileA[idx] = va;
      }
      let kb = idx / BN;
      let cb = idx % BN;
      var vb = 0.0;
      if (k0 + kb < dims.K && col0 + cb < dims.N) { vb = b[(k0 + kb) * dims.N + col0 + cb]; }
      tileB[idx] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < BK; kk++) {
      var bv: array<f32, 4>;
      for (var j = 0u; j < 4u; j++) { bv[j] = tileB[kk * BN + lid.x + j * WG]; }
      for (var i = 0u; i < TM; i++) {
        let av = tileA[(lid.y + i * WG) * BK + kk];
        for (var j = 0u; j < 4u; j++) { acc[i * 4u + j] = fma(av, bv[j], acc[i * 4u + j]); }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < TM; i++) {
    let r = row0 + lid.y + i * WG;
    if (r >= dims.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x + j * WG;
      if (col < dims.N) { c[r * dims.N + col] = acc[i * 4u + j]; }
    }
  }
}
