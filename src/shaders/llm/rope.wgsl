// Rotary position embedding, in place, rotate-half convention (Hugging Face Llama): for a row t at
// position p = rowPos[t] and each head of x [T, nHeads, d], with half = d / 2 and i < half,
//   a = p · invFreq[i]   (f32 · f32 → f32, as HF computes its angle; invFreq comes from the host)
//   (x[i], x[i + half]) → (x[i] · cos a − x[i + half] · sin a, x[i + half] · cos a + x[i] · sin a).
// params.inverse = 1 rotates by −a (the transpose: the backward pass dx = Rᵀ dy). One invocation
// per pair (t, head, i): 1-D over a 2-D grid of 64-wide workgroups, the tail past T·nHeads·half
// returns; each invocation reads and writes only its own two elements, so in place is safe.
// cos / sin are evaluated here, not with WGSL's builtins: those are only guaranteed to 2^-11
// absolute on [−π, π] (SwiftShader's are off by ~2e-4), which would swamp the f32 angle. The angle
// is reduced by k = round(a · 2/π) quarter turns, Cody–Waite style, with π/2 = A + B + C + D where
// A, B and C have 7 significant bits, so k · A, k · B and k · C are exact for k < 2^17 (angles
// below 2·10^5 rad, which covers positions up to ~2·10^5) and the remainder r ∈ [−π/4, π/4] is
// that of the f32 angle itself to ~1e-8; then Cephes' sinf / cosf polynomials (≲ 1e-7 absolute)
// and the quadrant k mod 4 give (sin a, cos a).
struct Params { T: u32, nHeads: u32, half: u32, inverse: u32 }

@group(0) @binding(0) var<storage, read_write> x: array<f32>;
@group(0) @binding(1) var<storage, read> rowPos: array<u32>;
@group(0) @binding(2) var<storage, read> invFreq: array<f32>;
@group(0) @binding(3) var<uniform> params: Params;

const TWO_OVER_PI: f32 = 0.6366197723675814;
const PIO2_A: f32 = 1.5625;
const PIO2_B: f32 = 0.0081787109375;
const PIO2_C: f32 = 0.00011730194091796875;
const PIO2_D: f32 = 3.1391647326017846e-7;

/** (sin a, cos a) for an f32 angle a (see the header: reduction to [−π/4, π/4], then polynomials). */
fn sinCos(a: f32) -> vec2f {
  let k = round(a * TWO_OVER_PI);
  let r = (((a - k * PIO2_A) - k * PIO2_B) - k * PIO2_C) - k * PIO2_D;
  let z = r * r;
  let s = ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
  let c = ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
  switch (u32(i32(k)) & 3u) {
    case 0u: { return vec2f(s, c); }
    case 1u: { return vec2f(c, -s); }
    case 2u: { return vec2f(-s, -c); }
    default: { return vec2f(-c, s); }
  }
}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let idx = gid.x + gid.y * nwg.x * 64u;
  let half = params.half;
  if (idx >= params.T * params.nHeads * half) { return; }
  let i = idx % half;
  let th = idx / half; // t · nHeads + head
  let t = th / params.nHeads;
  let a = f32(rowPos[t]) * invFreq[i];
  let sc = sinCos(a);
  let s = select(sc.x, -sc.x, params.inverse != 0u);
  let c = sc.y;
  let base = th * 2u * half + i;
  let x0 = x[base];
  let x1 = x[base + half];
  x[base] = x0 * c - x1 * s;
  x[base + half] = x1 * c + x0 * s;
}
