// SwiGLU forward (Llama's MLP gate): h = silu(gate) ⊙ up for gate, up, h [T, F], with
// silu(g) = g · sigmoid(g). Elementwise: one invocation per element (1-D over a 2-D grid of
// 64-wide workgroups; the tail past n = T·F returns). sigmoid is evaluated from e = exp(−|g|) ∈ (0, 1],
// so no exp overflows to ∞ for large |g| (silu → g for g ≫ 0, → −0 for g ≪ 0).
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> gate: array<f32>;
@group(0) @binding(1) var<storage, read> up: array<f32>;
@group(0) @binding(2) var<storage, read_write> h: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

fn sigmoid(g: f32) -> f32 {
  let e = exp(-abs(g));
  return select(e / (1.0 + e), 1.0 / (1.0 + e), g >= 0.0);
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.n) { return; }
  let g = gate[i];
  h[i] = g * sigmoid(g) * up[i];
}
