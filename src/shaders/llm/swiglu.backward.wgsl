// SwiGLU backward: for h = silu(gate) ⊙ up with silu(g) = g · s, s = sigmoid(g),
//   dup   = dh ⊙ silu(gate)
//   dgate = dh ⊙ up ⊙ silu'(gate),  silu'(g) = s · (1 + g · (1 − s)).
// Elementwise over [T, F]: one invocation per element (1-D over a 2-D grid of 64-wide workgroups;
// the tail past n = T·F returns). sigmoid from e = exp(−|g|) ∈ (0, 1] (no overflow for large |g|);
// 1 − s is computed as sigmoid(−g) so it keeps its precision where s → 1.
struct Params { n: u32, pad0: u32, pad1: u32, pad2: u32 }

@group(0) @binding(0) var<storage, read> dh: array<f32>;
@group(0) @binding(1) var<storage, read> gate: array<f32>;
@group(0) @binding(2) var<storage, read> up: array<f32>;
@group(0) @binding(3) var<storage, read_write> dgate: array<f32>;
@group(0) @binding(4) var<storage, read_write> dup: array<f32>;
@group(0) @binding(5) var<uniform> params: Params;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= params.n) { return; }
  let g = gate[i];
  let e = exp(-abs(g));
  let big = 1.0 / (1.0 + e);   // sigmoid(|g|)
  let small = e / (1.0 + e);   // sigmoid(−|g|) = 1 − sigmoid(|g|)
  let s = select(small, big, g >= 0.0);
  let oneMinusS = select(big, small, g >= 0.0);
  let d = dh[i];
  dup[i] = d * g * s;
  dgate[i] = d * up[i] * s * (1.0 + g * oneMinusS);
}
