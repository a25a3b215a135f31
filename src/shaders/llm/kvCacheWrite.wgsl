// KV-cache append: copies each token row's keys and values into the per-layer caches.
//   k, v            [T, nKv, d]           the new rows' keys and values (after RoPE for k)
//   rowSeq, rowPos  [T] u32               row t belongs to sequence rowSeq[t] at position rowPos[t]
//   kCache, vCache  [B, maxSeq, nKv, d]   written at [rowSeq[t], rowPos[t], :, :]; nothing else
// One invocation per element of k (and the same element of v): flat index i = t·width + e with
// width = nKv·d, laid out over a 2-D grid (dispatch.ts) so T·width may exceed 65535·WG. Rows with
// rowSeq ≥ B or rowPos ≥ maxSeq are skipped (the host refuses them in the one-shot helper; a plan
// bound to caller buffers cannot check their contents, so the shader must not write out of range).
// Two rows naming the same (sequence, position) race; the host refuses duplicates.

struct Params {
  rows: u32,
  batch: u32,
  maxSeq: u32,
  width: u32,
}

@group(0) @binding(0) var<storage, read> k: array<f32>;
@group(0) @binding(1) var<storage, read> v: array<f32>;
@group(0) @binding(2) var<storage, read> rowSeq: array<u32>;
@group(0) @binding(3) var<storage, read> rowPos: array<u32>;
@group(0) @binding(4) var<storage, read_write> kCache: array<f32>;
@group(0) @binding(5) var<storage, read_write> vCache: array<f32>;
@group(0) @binding(6) var<uniform> params: Params;

const WG: u32 = 64u;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * WG;
  if (i >= params.rows * params.width) { return; }
  let t = i / params.width;
  let e = i % params.width;
  let seq = rowSeq[t];
  let pos = rowPos[t];
  if (seq >= params.batch || pos >= params.maxSeq) { return; }
  let dst = (seq * params.maxSeq + pos) * params.width + e;
  kCache[dst] = k[i];
  vCache[dst] = v[i];
}
