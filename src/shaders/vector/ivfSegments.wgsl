// Stable counting sort of row indices by key (partition / cluster id), without float atomics and
// with a deterministic result: members of each key keep ascending row order. It builds the IVF
// list layout (CSR: order + offsets) and orders k-means points by cluster for the centroid update.
// Keys are i32 in [-1, K); -1 marks a row that belongs to no list (deleted or not yet inserted).
// Four entry points, dispatched in order within one pass:
//   blockRanks   one 256-row block per workgroup: a row's rank among equal keys earlier in its
//                block (O(256) scan of the block's keys in workgroup memory), and per (block, key)
//                the number of rows with that key, written by the key's last row in the block;
//   columnScan   one thread per key: exclusive prefix over blocks of those counts (in place) and
//                the key's total;
//   keyOffsets   one workgroup: exclusive prefix over keys of the totals → offsets [K + 1];
//   scatter      one thread per row: order[offsets[key] + blockPrefix[block, key] + rank] = row.
// blockCounts is [blocks, K] u32; blockRanks clears its own block's row first, so no separate
// clear pass is needed.

const BLOCK = 256u;

struct Params { n: u32, K: u32, blocks: u32, pad: u32 }

@group(0) @binding(0) var<storage, read> keys: array<i32>;
@group(0) @binding(1) var<storage, read_write> ranks: array<u32>;
@group(0) @binding(2) var<storage, read_write> blockCounts: array<u32>;
@group(0) @binding(3) var<storage, read_write> totals: array<u32>;
@group(0) @binding(4) var<storage, read_write> offsets: array<u32>;
@group(0) @binding(5) var<storage, read_write> order: array<i32>;
@group(0) @binding(6) var<uniform> params: Params;

var<workgroup> blockKeys: array<i32, 256>;
var<workgroup> partial: array<u32, 256>;

fn flat_id(gid: vec3u, nwg: vec3u, width: u32) -> u32 {
  return gid.x + gid.y * nwg.x * width;
}

@compute @workgroup_size(256)
fn blockRanks(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = wid.x + wid.y * nwg.x;
  if (block >= params.blocks) { return; }
  let row = block * BLOCK + lid;
  var key = -1;
  if (row < params.n) { key = keys[row]; }
  blockKeys[lid] = key;
  for (var c = lid; c < params.K; c += BLOCK) { blockCounts[block * params.K + c] = 0u; }
  workgroupBarrier();
  storageBarrier();
  if (key < 0) { return; }
  var rank = 0u;
  var last = true;
  for (var j = 0u; j < BLOCK; j++) {
    if (blockKeys[j] == key) {
      if (j < lid) { rank++; } else if (j > lid) { last = false; }
    }
  }
  ranks[row] = rank;
  if (last) { blockCounts[block * params.K + u32(key)] = rank + 1u; }
}

@compute @workgroup_size(64)
fn columnScan(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let c = flat_id(gid, nwg, 64u);
  if (c >= params.K) { return; }
  var run = 0u;
  for (var b = 0u; b < params.blocks; b++) {
    let i = b * params.K + c;
    let t = blockCounts[i];
    blockCounts[i] = run;
    run += t;
  }
  totals[c] = run;
}

@compute @workgroup_size(256)
fn keyOffsets(@builtin(local_invocation_index) lid: u32) {
  // Each thread sums a contiguous chunk of keys, the 256 chunk sums are scanned in workgroup
  // memory (Hillis–Steele), then each thread writes its chunk's exclusive prefixes.
  let chunk = (params.K + BLOCK - 1u) / BLOCK;
  let lo = min(lid * chunk, params.K);
  let hi = min(lo + chunk, params.K);
  var s = 0u;
  for (var c = lo; c < hi; c++) { s += totals[c]; }
  partial[lid] = s;
  workgroupBarrier();
  for (var stride = 1u; stride < BLOCK; stride <<= 1u) {
    var add = 0u;
    if (lid >= stride) { add = partial[lid - stride]; }
    workgroupBarrier();
    partial[lid] += add;
    workgroupBarrier();
  }
  var run = partial[lid] - s;
  for (var c = lo; c < hi; c++) {
    offsets[c] = run;
    run += totals[c];
  }
  if (lid == BLOCK - 1u) { offsets[params.K] = partial[lid]; }
}

@compute @workgroup_size(256)
fn scatter(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let row = flat_id(gid, nwg, 256u);
  if (row >= params.n) { return; }
  let key = keys[row];
  if (key < 0) { return; }
  let block = row / BLOCK;
  order[offsets[u32(key)] + blockCounts[block * params.K + u32(key)] + ranks[row]] = i32(row);
}
