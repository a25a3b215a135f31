// Independent f64 SGD / Adagrad step on embedding rows (PyTorch's Adagrad: acc += g²,
// w −= lr·g/(√acc + eps)).
import type { RowOptimizerSettings } from './rowOptimizer';

export function rowOptimizerReference(
  table: ArrayLike<number>,
  acc: ArrayLike<number>,
  grad: ArrayLike<number>,
  rows: ArrayLike<number>,
  dim: number,
  opt: RowOptimizerSettings,
): { table: Float64Array; acc: Float64Array } {
  const t = Float64Array.from(table);
  const a = Float64Array.from(acc);
  for (let u = 0; u < rows.length; u++) {
    for (let c = 0; c < dim; c++) {
      const i = rows[u]! * dim + c;
      const g = grad[u * dim + c]!;
      if (opt.kind === 'adagrad') {
        a[i] += g * g;
        t[i] -= (opt.lr * g) / (Math.sqrt(a[i]!) + (opt.eps ?? 1e-10));
      } else t[i] -= opt.lr * g;
    }
  }
  return { table: t, acc: a };
}
