// One peer's sparse (values, indices) into the dense out: MODE 0 adds, out[indices[j]] += values[j]
// (the sum over peers of an all-gathered top-k / rand-k); MODE 1 clears, out[indices[j]] = 0 (the
// error-feedback residual keeps what was not sent). A peer's indices are distinct, so invocations
// never write the same element; peers run as separate dispatches, in order, so the sum over peers
// is deterministic without float atomics. One invocation per sent element.
struct Params { n: u32, k: u32, pad0: u32, pad1: u32 }

override MODE: u32 = 0u;

@group(0) @binding(0) var<storage, read> values: array<f32>;
@group(0) @binding(1) var<storage, read> indices: array<i32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let j = gid.x + gid.y * nwg.x * 64u;
  if (j >= params.k) { return; }
  let i = u32(indices[j]);
  if (i >= params.n) { return; }
  if (MODE == 1u) {
    out[i] = 0.0;
  } else {
    out[i] = out[i] + values[j];
  }
}
