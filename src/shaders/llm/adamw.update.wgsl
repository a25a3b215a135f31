// One AdamW step (decoupled weight decay, as torch.optim.AdamW) over one parameter tensor, one
// invocation per element i < count (flat index over a 2-D grid of 256-thread workgroups; the
// tail past count returns):
//   g = grad[i] · gradScale                       (gradScale: e.g. global-norm clipping, else 1)
//   m = β1·m + (1 − β1)·g,   v = β2·v + (1 − β2)·g²
//   p = p·(1 − lr·wd) − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
// which is p −= lr·(m̂ / (√v̂ + ε) + wd·p) with m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t). The
// per-step values (lr, lr / (1 − β1^t), √(1 − β2^t), gradScale) are computed on the CPU in f64
// and rewritten into the `step` uniform before each step; wd is per tensor (`tensor` uniform).
struct Step {
  lr: f32,
  stepSize: f32, // lr / (1 − β1^t)
  bc2Sqrt: f32, // √(1 − β2^t)
  eps: f32,
  beta1: f32,
  beta2: f32,
  gradScale: f32,
  t: u32,
}

struct Tensor {
  count: u32,
  weightDecay: f32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<uniform> tensor: Tensor;
@group(0) @binding(5) var<uniform> step: Step;

@compute @workgroup_size(256)
fn main(
  @builtin(workgroup_id) wid: vec3u,
  @builtin(num_workgroups) nwg: vec3u,
  @builtin(local_invocation_index) lid: u32,
) {
  let i = (wid.x + wid.y * nwg.x) * 256u + lid;
  if (i >= tensor.count) { return; }
  let g = grad[i] * step.gradScale;
  let mi = step.beta1 * m[i] + (1.0 - step.beta1) * g;
  let vi = step.beta2 * v[i] + (1.0 - step.beta2) * (g * g);
  m[i] = mi;
  v[i] = vi;
  let p = param[i] * (1.0 - step.lr * tensor.weightDecay);
  param[i] = p - step.stepSize * mi / (sqrt(vi) / step.bc2Sqrt + step.eps);
}
