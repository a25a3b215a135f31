// Sparse optimizer step on embedding rows: for u < count and every column c, with g = grad[u, c]
// and r = rows[u] (the row of the table the u-th gradient row belongs to; distinct within a step),
//   SGD      table[r, c] −= lr · g
//   Adagrad  acc[r, c] += g²;  table[r, c] −= lr · g / (√acc[r, c] + eps)     (PyTorch's Adagrad)
// One invocation per (u, c) over a 2-D grid of 64-wide workgroups sized for the plan's largest
// count; invocations past count · dim return. Each element is touched by one invocation: no races.
struct Params { count: u32, dim: u32, lr: f32, eps: f32, adagrad: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read_write> table: array<f32>;
@group(0) @binding(1) var<storage, read_write> acc: array<f32>;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read> rows: array<u32>;
@group(0) @binding(4) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.count * params.dim) { return; }
  let u = i / params.dim;
  let c = i % params.dim;
  let at = rows[u] * params.dim + c;
  let g = grad[i];
  if (params.adagrad != 0u) {
    let a = acc[at] + g * g;
    acc[at] = a;
    table[at] = table[at] - params.lr * g / (sqrt(a) + params.eps);
  } else {
    table[at] = table[at] - params.lr * g;
  }
}
