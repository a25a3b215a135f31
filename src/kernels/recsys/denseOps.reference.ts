// Independent f64 versions of the MLP's element-wise pieces.

export function biasActReference(y: ArrayLike<number>, bias: ArrayLike<number>, relu: boolean): Float64Array {
  return Float64Array.from(y, (v, i) => {
    const s = v + bias[i % bias.length]!;
    return relu ? Math.max(0, s) : s;
  });
}

export function reluBackwardReference(dy: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  return Float64Array.from(dy, (g, i) => (y[i]! > 0 ? g : 0));
}

export function biasGradReference(dy: ArrayLike<number>, cols: number): Float64Array {
  const db = new Float64Array(cols);
  for (let i = 0; i < dy.length; i++) db[i % cols] += dy[i]!;
  return db;
}

export function sgdReference(w: ArrayLike<number>, g: ArrayLike<number>, lr: number): Float64Array {
  return Float64Array.from(w, (v, i) => v - lr * g[i]!);
}
