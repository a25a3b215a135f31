// Independent f64 reference for SwiGLU, written from the math (not from the shaders):
//   h = silu(gate) · up,  silu(g) = g · σ(g),  σ(g) = 1 / (1 + e^(−g)),
//   dup = dh · silu(gate),  dgate = dh · up · silu'(gate),  silu'(g) = σ(g) + g · σ(g) · (1 − σ(g)).
// σ is evaluated on the side where the exponential cannot overflow.

function sigmoid(g: number): number {
  if (g >= 0) return 1 / (1 + Math.exp(-g));
  const e = Math.exp(g);
  return e / (1 + e);
}

export function swigluReference(gate: ArrayLike<number>, up: ArrayLike<number>): Float64Array {
  const h = new Float64Array(gate.length);
  for (let i = 0; i < h.length; i++) h[i] = gate[i]! * sigmoid(gate[i]!) * up[i]!;
  return h;
}

export function swigluBackwardReference(
  dh: ArrayLike<number>,
  gate: ArrayLike<number>,
  up: ArrayLike<number>,
): { dgate: Float64Array; dup: Float64Array } {
  const dgate = new Float64Array(gate.length);
  const dup = new Float64Array(gate.length);
  for (let i = 0; i < gate.length; i++) {
    const g = gate[i]!;
    const s = sigmoid(g);
    dup[i] = dh[i]! * g * s;
    dgate[i] = dh[i]! * up[i]! * (s + g * s * sigmoid(-g));
  }
  return { dgate, dup };
}
