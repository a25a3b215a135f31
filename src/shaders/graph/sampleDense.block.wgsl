// DENSE sampling, last step: the mini-batch's block CSR over batch-local ids. Row r (a node that
// was sampled, r < hopOffsets[hops]) lists the batch positions of its sampled neighbours, in
// sample order, at blockIndptr[r] (the scan of counts). Rows of the outermost delta are empty.
struct Params { stride: u32, hops: u32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> hopOffsets: array<u32>;
@group(0) @binding(1) var<storage, read> slots: array<i32>;
@group(0) @binding(2) var<storage, read> counts: array<u32>;
@group(0) @binding(3) var<storage, read> blockIndptr: array<u32>;
@group(0) @binding(4) var<storage, read> localIndex: array<i32>;
@group(0) @binding(5) var<storage, read_write> blockIndices: array<i32>;
@group(0) @binding(6) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let t = gid.x + gid.y * nwg.x * 64u;
  if (t >= hopOffsets[params.hops] * params.stride) { return; }
  let row = t / params.stride;
  let k = t % params.stride;
  if (k >= counts[row]) { return; }
  blockIndices[blockIndptr[row] + k] = localIndex[u32(slots[row * params.stride + k])];
}
