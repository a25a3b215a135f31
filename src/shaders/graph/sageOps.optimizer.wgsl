// One optimiser step over a parameter tensor, one invocation per element.
//   MODE 0 SGD:  p −= lr · (g + wd·p)
//   MODE 1 Adam (Kingma & Ba 2015): m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²;
//          p −= lr · (m / (1−β1^t)) / (sqrt(v / (1−β2^t)) + ε), with g += wd·p (L2, not AdamW).
// The bias corrections are computed on the CPU (they depend only on the step t) and passed in.
struct Params { count: u32, mode: u32, lr: f32, beta1: f32, beta2: f32, eps: f32, weightDecay: f32,
                corr1: f32, corr2: f32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read_write> param: array<f32>;
@group(0) @binding(1) var<storage, read> grad: array<f32>;
@group(0) @binding(2) var<storage, read_write> m: array<f32>;
@group(0) @binding(3) var<storage, read_write> v: array<f32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let i = gid.x;
  if (i >= params.count) { return; }
  let g = grad[i] + params.weightDecay * param[i];
  if (params.mode == 0u) {
    param[i] = param[i] - params.lr * g;
    return;
  }
  let mi = params.beta1 * m[i] + (1.0 - params.beta1) * g;
  let vi = params.beta2 * v[i] + (1.0 - params.beta2) * g * g;
  m[i] = mi;
  v[i] = vi;
  param[i] = param[i] - params.lr * (mi / params.corr1) / (sqrt(vi / params.corr2) + params.eps);
}
