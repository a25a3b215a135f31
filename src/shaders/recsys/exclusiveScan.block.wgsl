// Exclusive prefix sum, one level: each 256-wide workgroup scans its block of the input
// (Hillis–Steele in workgroup memory), writes the block-local exclusive sums and the block's total
// into sums[block]. Elements at or past inLen read as 0, so a scan over n values can write n + 1
// outputs (the last one, at index n, is the grand total). Workgroups form a 2-D grid; the block is
// wid.x + wid.y · nwg.x. The next level scans `sums`, and exclusiveScan.add.wgsl adds them back.
struct Params { inLen: u32, outLen: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> input: array<u32>;
@group(0) @binding(1) var<storage, read_write> output: array<u32>;
@group(0) @binding(2) var<storage, read_write> sums: array<u32>;
@group(0) @binding(3) var<uniform> params: Params;

const WG = 256u;
var<workgroup> part: array<u32, 256>;

@compute @workgroup_size(256)
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let block = wid.x + wid.y * nwg.x;
  let i = block * WG + lid;
  var v = 0u;
  if (i < params.inLen) { v = input[i]; }
  part[lid] = v;
  workgroupBarrier();
  for (var off = 1u; off < WG; off = off << 1u) {
    var add = 0u;
    if (lid >= off) { add = part[lid - off]; }
    workgroupBarrier();
    part[lid] += add;
    workgroupBarrier();
  }
  // part[lid] is now the inclusive sum up to lid; exclusive = inclusive − own value.
  if (i < params.outLen) { output[i] = part[lid] - v; }
  if (lid == WG - 1u && block * WG < params.outLen) { sums[block] = part[WG - 1u]; }
}
