// C[M,N] = A[M,K] · B[K,N], f32, row-major with row strides padded to whole vec4s.
// Two-level tiling: a workgroup computes a (8·WG_Y)×(4·WG_X) tile of C from K slabs of BK staged
// in workgroup memory; each thread keeps an 8×4 register block (eight vec4 accumulators) for rows
// ty + i·WG_Y and the vec4 column tx. Every global and workgroup access is a vec4.
// Workgroup layout (why the plain path is bank-conflict free): A sits row-major [BM][BK/4] and B
// [BK][BN/4]; threads store consecutive vec4s, B reads by neighbouring threads hit neighbouring
// vec4s, and A reads within a row of threads are one address (a broadcast). TRANS_B's B stores
// are the exception (see below).
// Double buffering: slab t+1 is fetched into registers before slab t is multiplied, then stored
// into the other half of the tiles, so each slab needs one barrier instead of two.
// Edges: loads outside M, N or K read as zero (K masked inside a vec4); stores are guarded, so any
// M, N, K ≥ 1 works. Tile sizes are override constants (one pipeline per configuration).
// TRANS_B: B is stored transposed, [N, K] row-major with row stride ldb4 (a PyTorch weight W
// [out, in] in x · Wᵀ). A thread then loads a 4×4 block: one vec4 along K from each of four
// consecutive rows of W (only the BK/4 threads of one group take neighbouring vec4s of a row, so a
// contiguous run is BK/4 vec4s; the next group reads rows 4 further on), transposes it in
// registers and stores four whole vec4s into the same [BK][BN/4] tile, so the inner loop, and with
// it every sum's order, is the same as without TRANS_B. Those stores (storeBt) are not
// conflict-free: threads u and u + 1 of a group fill the same tile column, 4·WG_X vec4s apart
// (16·WG_X words, a multiple of the 32 banks), so each of the four stores is a BK/4-way (2- or
// 4-way for the candidates) bank conflict, once per slab; the inner loop's reads are unchanged.
// dims.accumulate ≠ 0: C += A·B (C read once per element, at the store) instead of C = A·B; a
// uniform rather than an override, so both share one pipeline (compiles are slow on CPU emulation).

struct Dims { M: u32, N: u32, K: u32, lda4: u32, ldb4: u32, ldc4: u32, accumulate: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> a: array<vec4f>;
@group(0) @binding(1) var<storage, read> b: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> c: array<vec4f>;
@group(0) @binding(3) var<uniform> dims: Dims;

override WG_X: u32 = 16u; // threads along N; the tile is 4·WG_X columns
override WG_Y: u32 = 16u; // threads along M; the tile is 8·WG_Y rows
override BK: u32 = 8u; // K slab, a multiple of 4
override TRANS_B: bool = false;
override A_TILE: u32 = 8u * WG_Y * BK / 4u; // vec4s per A slab
override B_TILE: u32 = BK * WG_X; // vec4s per B slab
override A_TILES: u32 = 2u * A_TILE;
override B_TILES: u32 = 2u * B_TILE;
// vec4 loads each thread makes per slab (ceil), at most 4 of each (checked on the host).
override A_LOADS: u32 = (A_TILE + WG_X * WG_Y - 1u) / (WG_X * WG_Y);
override B_LOADS: u32 = (B_TILE + WG_X * WG_Y - 1u) / (WG_X * WG_Y);
// TRANS_B: 4×4 blocks per B slab, at most one per thread (B_TILE ≤ 4 · threads, checked on the host).
override B_BLOCKS: u32 = B_TILE / 4u;

var<workgroup> tileA: array<vec4f, A_TILES>;
var<workgroup> tileB: array<vec4f, B_TILES>;

fn loadA(row0: u32, kt: u32, idx: u32) -> vec4f {
  let bk4 = BK / 4u;
  let r = row0 + idx / bk4;
  let k = kt * BK + (idx % bk4) * 4u;
  if (r >= dims.M || k >= dims.K) { return vec4f(0.0); }
  let v = a[r * dims.lda4 + k / 4u];
  // Zero the lanes past K: the row padding may hold anything.
  return select(vec4f(0.0), v, vec4u(k, k + 1u, k + 2u, k + 3u) < vec4u(dims.K));
}

fn loadB(col04: u32, kt: u32, idx: u32) -> vec4f {
  let k = kt * BK + idx / WG_X;
  let c4 = col04 + idx % WG_X;
  if (k >= dims.K || c4 >= dims.ldb4) { return vec4f(0.0); }
  return b[k * dims.ldb4 + c4];
}

// TRANS_B: row j of block u's four rows of W, the vec4 of K that block u covers (zero outside N or K).
fn loadBt(col04: u32, kt: u32, u: u32, j: u32) -> vec4f {
  let bk4 = BK / 4u;
  let n = 4u * (col04 + u / bk4) + j;
  let k = kt * BK + (u % bk4) * 4u;
  if (n >= dims.N || k >= dims.K) { return vec4f(0.0); }
  let v = b[n * dims.ldb4 + k / 4u];
  return select(vec4f(0.0), v, vec4u(k, k + 1u, k + 2u, k + 3u) < vec4u(dims.K));
}

// TRANS_B: block u (rows w0..w3 of W) transposed into tile rows 4·(u % bk4) + 0..3, vec4 column u / bk4.
fn storeBt(half: u32, u: u32, w0: vec4f, w1: vec4f, w2: vec4f, w3: vec4f) {
  let at = half + (u % (BK / 4u)) * 4u * WG_X + u / (BK / 4u);
  tileB[at] = vec4f(w0.x, w1.x, w2.x, w3.x);
  tileB[at + WG_X] = vec4f(w0.y, w1.y, w2.y, w3.y);
  tileB[at + 2u * WG_X] = vec4f(w0.z, w1.z, w2.z, w3.z);
  tileB[at + 3u * WG_X] = vec4f(w0.w, w1.w, w2.w, w3.w);
}

fn put(i: u32, v: vec4f) {
  if (dims.accumulate != 0u) { c[i] = c[i] + v; } else { c[i] = v; }
}

@compute @workgroup_size(WG_X, WG_Y)
fn main(@builtin(local_invocation_id) lid: vec3u, @builtin(workgroup_id) wid: vec3u) {
  let threads = WG_X * WG_Y;
  let tid = lid.y * WG_X + lid.x;
  let row0 = wid.y * 8u * WG_Y;
  let col04 = wid.x * WG_X;
  let bk4 = BK / 4u;
  let slabs = (dims.K + BK - 1u) / BK;

  var acc0 = vec4f(0.0);
  var acc1 = vec4f(0.0);
  var acc2 = vec4f(0.0);
  var acc3 = vec4f(0.0);
  var acc4 = vec4f(0.0);
  var acc5 = vec4f(0.0);
  var acc6 = vec4f(0.0);
  var acc7 = vec4f(0.0);
  // The next slab's loads, as named registers (not an indexed array, which some compilers keep in
  // memory); the unused ones are dropped by the constant A_LOADS / B_LOADS conditions.
  var ra0 = vec4f(0.0);
  var ra1 = vec4f(0.0);
  var ra2 = vec4f(0.0);
  var ra3 = vec4f(0.0);
  var rb0 = vec4f(0.0);
  var rb1 = vec4f(0.0);
  var rb2 = vec4f(0.0);
  var rb3 = vec4f(0.0);

  // Slab 0 goes straight to the first half.
  for (var i = 0u; i < A_LOADS; i++) {
    let idx = tid + i * threads;
    if (idx < A_TILE) { tileA[idx] = loadA(row0, 0u, idx); }
  }
  if (TRANS_B) {
    if (tid < B_BLOCKS) {
      let w0 = loadBt(col04, 0u, tid, 0u);
      let w1 = loadBt(col04, 0u, tid, 1u);
      let w2 = loadBt(col04, 0u, tid, 2u);
      let w3 = loadBt(col04, 0u, tid, 3u);
      storeBt(0u, tid, w0, w1, w2, w3);
    }
  } else {
    for (var i = 0u; i < B_LOADS; i++) {
      let idx = tid + i * threads;
      if (idx < B_TILE) { tileB[idx] = loadB(col04, 0u, idx); }
    }
  }
  workgroupBarrier();

  for (var t = 0u; t < slabs; t++) {
    let cur = t % 2u;
    let more = t + 1u < slabs;
    // Fetch the next slab into registers first so its latency overlaps the FMAs below.
    if (more) {
      let t1 = t + 1u;
      ra0 = loadA(row0, t1, tid);
      if (A_LOADS > 1u) { ra1 = loadA(row0, t1, tid + threads); }
      if (A_LOADS > 2u) { ra2 = loadA(row0, t1, tid + 2u * threads); }
      if (A_LOADS > 3u) { ra3 = loadA(row0, t1, tid + 3u * threads); }
      if (TRANS_B) {
        if (tid < B_BLOCKS) {
          rb0 = loadBt(col04, t1, tid, 0u);
          rb1 = loadBt(col04, t1, tid, 1u);
          rb2 = loadBt(col04, t1, tid, 2u);
          rb3 = loadBt(col04, t1, tid, 3u);
        }
      } else {
        rb0 = loadB(col04, t1, tid);
        if (B_LOADS > 1u) { rb1 = loadB(col04, t1, tid + threads); }
        if (B_LOADS > 2u) { rb2 = loadB(col04, t1, tid + 2u * threads); }
        if (B_LOADS > 3u) { rb3 = loadB(col04, t1, tid + 3u * threads); }
      }
    }
    let aBase = cur * A_TILE + lid.y * bk4;
    let aStep = WG_Y * bk4; // next owned row
    let bBase = cur * B_TILE + lid.x;
    for (var k4 = 0u; k4 < bk4; k4++) {
      let bRow = bBase + k4 * 4u * WG_X;
      let b0 = tileB[bRow];
      let b1 = tileB[bRow + WG_X];
      let b2 = tileB[bRow + 2u * WG_X];
      let b3 = tileB[bRow + 3u * WG_X];
      let a0 = tileA[aBase + k4];
      let a1 = tileA[aBase + aStep + k4];
      let a2 = tileA[aBase + 2u * aStep + k4];
      let a3 = tileA[aBase + 3u * aStep + k4];
      let a4 = tileA[aBase + 4u * aStep + k4];
      let a5 = tileA[aBase + 5u * aStep + k4];
      let a6 = tileA[aBase + 6u * aStep + k4];
      let a7 = tileA[aBase + 7u * aStep + k4];
      acc0 = fma(vec4f(a0.x), b0, fma(vec4f(a0.y), b1, fma(vec4f(a0.z), b2, fma(vec4f(a0.w), b3, acc0))));
      acc1 = fma(vec4f(a1.x), b0, fma(vec4f(a1.y), b1, fma(vec4f(a1.z), b2, fma(vec4f(a1.w), b3, acc1))));
      acc2 = fma(vec4f(a2.x), b0, fma(vec4f(a2.y), b1, fma(vec4f(a2.z), b2, fma(vec4f(a2.w), b3, acc2))));
      acc3 = fma(vec4f(a3.x), b0, fma(vec4f(a3.y), b1, fma(vec4f(a3.z), b2, fma(vec4f(a3.w), b3, acc3))));
      acc4 = fma(vec4f(a4.x), b0, fma(vec4f(a4.y), b1, fma(vec4f(a4.z), b2, fma(vec4f(a4.w), b3, acc4))));
      acc5 = fma(vec4f(a5.x), b0, fma(vec4f(a5.y), b1, fma(vec4f(a5.z), b2, fma(vec4f(a5.w), b3, acc5))));
      acc6 = fma(vec4f(a6.x), b0, fma(vec4f(a6.y), b1, fma(vec4f(a6.z), b2, fma(vec4f(a6.w), b3, acc6))));
      acc7 = fma(vec4f(a7.x), b0, fma(vec4f(a7.y), b1, fma(vec4f(a7.z), b2, fma(vec4f(a7.w), b3, acc7))));
    }
    if (more) {
      let na = (1u - cur) * A_TILE + tid;
      let nb = (1u - cur) * B_TILE + tid;
      if (tid < A_TILE) { tileA[na] = ra0; }
      if (A_LOADS > 1u && tid + threads < A_TILE) { tileA[na + threads] = ra1; }
      if (A_LOADS > 2u && tid + 2u * threads < A_TILE) { tileA[na + 2u * threads] = ra2; }
      if (A_LOADS > 3u && tid + 3u * threads < A_TILE) { tileA[na + 3u * threads] = ra3; }
      if (TRANS_B) {
        if (tid < B_BLOCKS) { storeBt((1u - cur) * B_TILE, tid, rb0, rb1, rb2, rb3); }
      } else {
        if (tid < B_TILE) { tileB[nb] = rb0; }
        if (B_LOADS > 1u && tid + threads < B_TILE) { tileB[nb + threads] = rb1; }
        if (B_LOADS > 2u && tid + 2u * threads < B_TILE) { tileB[nb + 2u * threads] = rb2; }
        if (B_LOADS > 3u && tid + 3u * threads < B_TILE) { tileB[nb + 3u * threads] = rb3; }
      }
    }
    // One barrier per slab: it publishes the next half and retires the current one.
    workgroupBarrier();
  }

  let c4 = col04 + lid.x;
  if (c4 >= dims.ldc4) { return; }
  let r = row0 + lid.y;
  if (r < dims.M) { put(r * dims.ldc4 + c4, acc0); }
  if (r + WG_Y < dims.M) { put((r + WG_Y) * dims.ldc4 + c4, acc1); }
  if (r + 2u * WG_Y < dims.M) { put((r + 2u * WG_Y) * dims.ldc4 + c4, acc2); }
  if (r + 3u * WG_Y < dims.M) { put((r + 3u * WG_Y) * dims.ldc4 + c4, acc3); }
  if (r + 4u * WG_Y < dims.M) { put((r + 4u * WG_Y) * dims.ldc4 + c4, acc4); }
  if (r + 5u * WG_Y < dims.M) { put((r + 5u * WG_Y) * dims.ldc4 + c4, acc5); }
  if (r + 6u * WG_Y < dims.M) { put((r + 6u * WG_Y) * dims.ldc4 + c4, acc6); }
  if (r + 7u * WG_Y < dims.M) { put((r + 7u * WG_Y) * dims.ldc4 + c4, acc7); }
}
