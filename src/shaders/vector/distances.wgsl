// Pairwise distances D[i, j] between the rows of A [M, d] and B [N, d] (both row-major f32),
// for queries × centroids, queries × base vectors and points × centroids in k-means.
//   METRIC 0: squared L2, sum_t (a_t - b_t)^2, accumulated directly (not |a|²+|b|²-2a·b, which
//             cancels badly when a ≈ b and would break exact ties between duplicates);
//   METRIC 1: negative inner product -a·b, so that "smaller is closer" for both metrics.
// Each 16×16 workgroup computes a 64×64 tile of D; a thread owns a 4×4 block whose rows and
// columns are strided by 16 so neighbouring threads read neighbouring shared words. The d axis is
// staged in slabs of 16 through workgroup memory (2 × 4 KiB). Out-of-range rows and dims are
// zero-filled on load (a zero pair adds nothing to either metric) and skipped on store, so any
// M, N, d ≥ 1 works. Rows of A start at `aRow0` so the host can chunk A to keep D inside the
// storage binding limit; D holds rows aRow0 .. aRow0+M-1 at row (i - aRow0).

override METRIC: u32 = 0u;

struct Dims { M: u32, N: u32, d: u32, aRow0: u32 }

@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> dist: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;

const WG = 16u;
const TILE = 64u;
const SLAB = 16u;

var<workgroup> tileA: array<f32, 1024>; // [TILE rows][SLAB dims]
var<workgroup> tileB: array<f32, 1024>; // [SLAB dims][TILE rows], transposed for the inner loop

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let tid = lid.y * WG + lid.x;
  var acc: array<f32, 16>;

  for (var k0 = 0u; k0 < dims.d; k0 += SLAB) {
    for (var i = 0u; i < 4u; i++) {
      let idx = tid + i * 256u;
      let r = idx / SLAB;
      let kk = idx % SLAB;
      var va = 0.0;
      if (row0 + r < dims.M && k0 + kk < dims.d) { va = a[(dims.aRow0 + row0 + r) * dims.d + k0 + kk]; }
      tileA[idx] = va;
      var vb = 0.0;
      if (col0 + r < dims.N && k0 + kk < dims.d) { vb = b[(col0 + r) * dims.d + k0 + kk]; }
      tileB[kk * TILE + r] = vb;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < SLAB; kk++) {
      var bv: array<f32, 4>;
      for (var j = 0u; j < 4u; j++) { bv[j] = tileB[kk * TILE + lid.x + j * WG]; }
      for (var i = 0u; i < 4u; i++) {
        let av = tileA[(lid.y + i * WG) * SLAB + kk];
        for (var j = 0u; j < 4u; j++) {
          if (METRIC == 0u) {
            let diff = av - bv[j];
            acc[i * 4u + j] = fma(diff, diff, acc[i * 4u + j]);
          } else {
            acc[i * 4u + j] = fma(av, bv[j], acc[i * 4u + j]);
          }
        }
      }
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y + i * WG;
    if (r >= dims.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x + j * WG;
      if (col < dims.N) {
        let v = acc[i * 4u + j];
        dist[r * dims.N + col] = select(-v, v, METRIC == 0u);
      }
    }
  }
}
