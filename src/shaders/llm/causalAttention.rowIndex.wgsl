// Backward pass, step 0: the inverse of the row → (sequence, position) map, so the dK/dV pass can
// find, for a key (b, j), the query rows of sequence b at positions ≥ j.
// `work` is the backward pass's u32 scratch buffer (plan-owned), laid out as
//   [0, B·maxSeq)                     rowOf[b·maxSeq + pos]: the row at (b, pos), or NONE
//   [offSeqEnd, offSeqEnd + B)        seqEnd[b]: 1 + the largest position of a row of sequence b
//   [offRowBase, offRowBase + T)      rowBase[t]: rowSeq[t]·maxSeq + rowPos[t], or NONE if invalid
//   [offDelta, offDelta + T·nHeads)   Δ = rowsum(dP ⊙ P) as f32 bits (written by the dq pass)
// Entry `clear`: one invocation per rowOf / seqEnd entry. Entry `scatter` (dispatched after it):
// one invocation per row; (sequence, position) pairs are unique (the host checks), so each rowOf
// entry has at most one writer; seqEnd uses atomicMax on u32 (order-independent: deterministic).
// Rows with rowSeq ≥ B or rowPos ≥ maxSeq are left out (they attend nothing).

struct Params {
  rows: u32,
  batch: u32,
  maxSeq: u32,
  nHeads: u32,
  nKv: u32,
  headDim: u32,
  scale: f32,
  flags: u32,
  blocksPerRow: u32,
  offSeqEnd: u32,
  offRowBase: u32,
  offDelta: u32,
}

@group(0) @binding(0) var<storage, read> rowSeq: array<u32>;
@group(0) @binding(1) var<storage, read> rowPos: array<u32>;
@group(0) @binding(2) var<storage, read_write> work: array<atomic<u32>>;
@group(0) @binding(3) var<uniform> params: Params;

const WG: u32 = 64u;
const NONE: u32 = 0xffffffffu;

@compute @workgroup_size(64)
fn clear(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * WG;
  let cells = params.batch * params.maxSeq;
  if (i < cells) { atomicStore(&work[i], NONE); }
  if (i < params.batch) { atomicStore(&work[params.offSeqEnd + i], 0u); }
}

@compute @workgroup_size(64)
fn scatter(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * WG;
  if (t >= params.rows) { return; }
  let seq = rowSeq[t];
  let pos = rowPos[t];
  if (seq >= params.batch || pos >= params.maxSeq) {
    atomicStore(&work[params.offRowBase + t], NONE);
    return;
  }
  atomicStore(&work[seq * params.maxSeq + pos], t);
  atomicStore(&work[params.offRowBase + t], seq * params.maxSeq + pos);
  atomicMax(&work[params.offSeqEnd + seq], pos + 1u);
}
