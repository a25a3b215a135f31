// Exact cross-attention forward, FlashAttention style, f32.
//   q [S_Q, h, d], k/v [S_KV, h_kv, d] row-major; head j reads kv head j / (h / h_kv) (GQA).
//   o [S_Q, h, d] = softmax(scale · q kᵀ) v, normalised; lse [S_Q, h] = m + log(l), natural log.
// One workgroup per (tile of QUERY_ROWS query rows, head): the q tile stays in workgroup memory,
// K/V tiles of KEY_ROWS keys stream through one shared buffer (K first, then V over it), and each
// row keeps an online softmax (running max m, running sum l, accumulator rescaled by e^(m_old-m)).
//
// Thread layout (128 invocations): THREADS_PER_ROW threads share a query row; thread t owns the
// output columns t, t+T, ... (8 per thread, so T = HEAD_DIM_MAX / 8) and the scores of keys
// t, t+T, ... in each tile. Every thread of a row recomputes the row's max/sum from the shared
// scores, so all of them hold identical m and l without another reduction.
//
// Empty rows (every key masked, or S_KV = 0) write O = 0 and LSE = -inf. WGSL has no -inf literal
// and compilers may assume finite math, so `lse` is bound as raw u32 bits: finite values are
// stored with bitcast, -inf as the IEEE pattern 0xff800000. Validity of a key is tracked with an
// explicit flag rather than a sentinel score, so no score value (however negative) is special.

struct Params {
  sQ: u32,
  sKV: u32,
  heads: u32,
  kvHeads: u32,
  headDim: u32,
  hasMask: u32,
  scale: f32,
  pad: u32,
}

@group(0) @binding(0) var<storage, read> q: array<f32>;
@group(0) @binding(1) var<storage, read> k: array<f32>;
@group(0) @binding(2) var<storage, read> v: array<f32>;
@group(0) @binding(3) var<storage, read> keyMask: array<i32>;
@group(0) @binding(4) var<storage, read_write> o: array<f32>;
@group(0) @binding(5) var<storage, read_write> lse: array<u32>;
@group(0) @binding(6) var<uniform> params: Params;

// Head-dim bucket (8, 16, 32, 64 or 128) and the tile shape it implies; set by the host.
override HEAD_DIM_MAX: u32 = 128u;
override THREADS_PER_ROW: u32 = 16u;
override QUERY_ROWS: u32 = 8u;
// Row strides padded by one word so threads reading different rows hit different banks.
override STRIDE: u32 = HEAD_DIM_MAX + 1u;

const WORKGROUP: u32 = 128u;
const KEY_ROWS: u32 = 16u;
const COLS_PER_THREAD: u32 = 8u;
const NEG_INF_BITS: u32 = 0xff800000u;

var<workgroup> qTile: array<f32, QUERY_ROWS * STRIDE>;
var<workgroup> kvTile: array<f32, KEY_ROWS * STRIDE>;
var<workgroup> scores: array<f32, QUERY_ROWS * KEY_ROWS>;
var<workgroup> keyValid: array<u32, KEY_ROWS>;

@compute @workgroup_size(128)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u) {
  let d = params.headDim;
  let head = wid.y;
  let kvHead = head / (params.heads / params.kvHeads);
  let q0 = wid.x * QUERY_ROWS;
  let row = lid / THREADS_PER_ROW;
  let t = lid % THREADS_PER_ROW;
  let qRowStride = params.heads * d;
  let kvRowStride = params.kvHeads * d;

  // Stage the q tile (zero beyond S_Q and beyond d).
  for (var idx = lid; idx < QUERY_ROWS * HEAD_DIM_MAX; idx += WORKGROUP) {
    let r = idx / HEAD_DIM_MAX;
    let c = idx % HEAD_DIM_MAX;
    var x = 0.0;
    if (q0 + r < params.sQ && c < d) { x = q[(q0 + r) * qRowStride + head * d + c]; }
    qTile[r * STRIDE + c] = x;
  }

  var m = 0.0;           // running max; meaningful only once l > 0
  var l = 0.0;           // running sum of e^(s - m); > 0 iff some key was valid
  var acc: array<f32, COLS_PER_THREAD>;
  var p: array<f32, KEY_ROWS>;
  let keysPerThread = KEY_ROWS / THREADS_PER_ROW;

  for (var kv0 = 0u; kv0 < params.sKV; kv0 += KEY_ROWS) {
    // 1. K tile and key validity.
    for (var idx = lid; idx < KEY_ROWS * HEAD_DIM_MAX; idx += WORKGROUP) {
      let r = idx / HEAD_DIM_MAX;
      let c = idx % HEAD_DIM_MAX;
      var x = 0.0;
      if (kv0 + r < params.sKV && c < d) { x = k[(kv0 + r) * kvRowStride + kvHead * d + c]; }
      kvTile[r * STRIDE + c] = x;
    }
    if (lid < KEY_ROWS) {
      let key = kv0 + lid;
      var ok = key < params.sKV;
      if (ok && params.hasMask != 0u) { ok = keyMask[key] != 0; }
      keyValid[lid] = select(0u, 1u, ok);
    }
    workgroupBarrier();

    // 2. Scores for this thread's keys.
    for (var i = 0u; i < keysPerThread; i++) {
      let key = t + i * THREADS_PER_ROW;
      var dot = 0.0;
      for (var c = 0u; c < d; c++) { dot = fma(qTile[row * STRIDE + c], kvTile[key * STRIDE + c], dot); }
      scores[row * KEY_ROWS + key] = dot * params.scale;
    }
    workgroupBarrier();

    // 3. V tile over K (all K reads are done), while each thread updates its row's softmax state.
    for (var idx = lid; idx < KEY_ROWS * HEAD_DIM_MAX; idx += WORKGROUP) {
      let r = idx / HEAD_DIM_MAX;
      let c = idx % HEAD_DIM_MAX;
      var x = 0.0;
      // Masked keys stage V = 0: their weight is 0, but 0 · NaN would still poison the sum.
      if (kv0 + r < params.sKV && c < d && keyValid[r] != 0u) { x = v[(kv0 + r) * kvRowStride + kvHead * d + c]; }
      kvTile[r * STRIDE + c] = x;
    }
    var anyValid = false;
    var tileMax = 0.0;
    for (var key = 0u; key < KEY_ROWS; key++) {
      if (keyValid[key] != 0u) {
        let s = scores[row * KEY_ROWS + key];
        tileMax = select(s, max(tileMax, s), anyValid);
        anyValid = true;
      }
    }
    if (anyValid) {
      let newMax = select(tileMax, max(m, tileMax), l > 0.0);
      let alpha = select(0.0, exp(m - newMax), l > 0.0);
      var tileSum = 0.0;
      for (var key = 0u; key < KEY_ROWS; key++) {
        let e = select(0.0, exp(scores[row * KEY_ROWS + key] - newMax), keyValid[key] != 0u);
        p[key] = e;
        tileSum += e;
      }
      l = l * alpha + tileSum;
      m = newMax;
      for (var j = 0u; j < COLS_PER_THREAD; j++) { acc[j] *= alpha; }
    }
    workgroupBarrier();

    // 4. acc += p · V for this thread's columns.
    if (anyValid) {
      for (var key = 0u; key < KEY_ROWS; key++) {
        let pk = p[key];
        for (var j = 0u; j < COLS_PER_THREAD; j++) {
          acc[j] = fma(pk, kvTile[key * STRIDE + t + j * THREADS_PER_ROW], acc[j]);
        }
      }
    }
    workgroupBarrier(); // the next K tile overwrites kvTile
  }

  let qi = q0 + row;
  if (qi >= params.sQ) { return; }
  let base = qi * qRowStride + head * d;
  let hasKeys = l > 0.0;
  for (var j = 0u; j < COLS_PER_THREAD; j++) {
    let c = t + j * THREADS_PER_ROW;
    if (c < d) { o[base + c] = select(0.0, acc[j] / l, hasKeys); }
  }
  if (t == 0u) {
    lse[qi * params.heads + head] = select(NEG_INF_BITS, bitcast<u32>(m + log(l)), hasKeys);
  }
}
