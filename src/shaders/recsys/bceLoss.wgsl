// Binary cross-entropy on logits, per example: for z = logits[b], y = labels[b] ∈ [0, 1],
//   loss[b] = max(z, 0) − z·y + log(1 + e^(−|z|))        (stable softplus form)
//   dLogits[b] = (σ(z) − y) · invB                          (gradient of the mean over 1/invB examples)
// invB is 1/B for the batch mean; a data-parallel trainer whose batch is a shard of E examples
// uses 1/E, its share of the whole batch's mean.
// One invocation per example (64-wide workgroups over a 2-D grid); invocations past B return. The
// host sums loss (B values) for the batch mean.
struct Params { B: u32, invB: f32, pad0: u32, pad1: u32 }

@group(0) @binding(0) var<storage, read> logits: array<f32>;
@group(0) @binding(1) var<storage, read> labels: array<f32>;
@group(0) @binding(2) var<storage, read_write> loss: array<f32>;
@group(0) @binding(3) var<storage, read_write> dLogits: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let b = gid.x + gid.y * nwg.x * 64u;
  if (b >= params.B) { return; }
  let z = logits[b];
  let y = labels[b];
  let t = exp(-abs(z));
  loss[b] = max(z, 0.0) - z * y + log(1.0 + t);
  let s = select(t / (1.0 + t), 1.0 / (1.0 + t), z >= 0.0);
  dLogits[b] = (s - y) * params.invB;
}
