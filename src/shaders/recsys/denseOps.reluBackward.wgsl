// ReLU backward in place: dy[i] = dy[i] if y[i] > 0 else 0, where y is the layer's output after the
// ReLU (so y > 0 exactly where the pre-activation was). One invocation per element over a 2-D
// grid of 64-wide workgroups; invocations past n return.
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read_write> dy: array<f32>;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.n) { return; }
  dy[i] = select(0.0, dy[i], y[i] > 0.0);
}
