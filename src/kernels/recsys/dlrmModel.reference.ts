// An independent f64 DLRM training step, written from the math (not from the shaders): the same
// layers as dlrmModel.ts — bag sums, bottom MLP with ReLU after every layer, dot interaction, top
// MLP with ReLU between layers, mean binary cross-entropy — then backpropagation, SGD on the dense
// weights and SGD/Adagrad on the touched rows. Returns the loss before the update and everything
// after it.
import type { DlrmBatch, DlrmDims, DlrmOptimizer, DlrmParams } from './dlrmModel';

interface Layer64 {
  w: Float64Array;
  b: Float64Array;
  inW: number;
  outW: number;
}

function toLayers(ls: { w: ArrayLike<number>; b: ArrayLike<number> }[]): Layer64[] {
  return ls.map((l) => ({
    w: Float64Array.from(l.w),
    b: Float64Array.from(l.b),
    outW: l.b.length,
    inW: l.w.length / l.b.length,
  }));
}

function affine(x: Float64Array, l: Layer64, B: number, relu: boolean): Float64Array {
  const y = new Float64Array(B * l.outW);
  for (let r = 0; r < B; r++)
    for (let o = 0; o < l.outW; o++) {
      let s = l.b[o]!;
      for (let i = 0; i < l.inW; i++) s += x[r * l.inW + i]! * l.w[o * l.inW + i]!;
      y[r * l.outW + o] = relu ? Math.max(0, s) : s;
    }
  return y;
}

export function dlrmStepReference(
  d: DlrmDims,
  params: DlrmParams,
  table: ArrayLike<number>,
  acc: ArrayLike<number>,
  batch: DlrmBatch,
  opt: DlrmOptimizer,
): { loss: number; params: { bottom: Layer64[]; top: Layer64[] }; table: Float64Array; acc: Float64Array } {
  const { B, T, dim } = d;
  const bottom = toLayers(params.bottom);
  const top = toLayers(params.top);
  // Bags.
  const e = new Float64Array(B * T * dim);
  for (let g = 0; g < B * T; g++)
    for (let j = batch.offsets[g]!; j < batch.offsets[g + 1]!; j++)
      for (let c = 0; c < dim; c++) e[g * dim + c] += table[batch.ids[j]! * dim + c]!;
  // Bottom MLP (ReLU everywhere).
  const bx: Float64Array[] = [Float64Array.from(batch.dense)];
  for (const l of bottom) bx.push(affine(bx.at(-1)!, l, B, true));
  const x = bx.at(-1)!;
  // Interaction.
  const vec = (b: number, k: number, c: number) => (k === 0 ? x[b * dim + c]! : e[(b * T + k - 1) * dim + c]!);
  const width = dim + ((T + 1) * T) / 2;
  const z = new Float64Array(B * width);
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < dim; c++) z[b * width + c] = x[b * dim + c]!;
    let p = 0;
    for (let a = 1; a <= T; a++)
      for (let c = 0; c < a; c++, p++) {
        let s = 0;
        for (let j = 0; j < dim; j++) s += vec(b, a, j) * vec(b, c, j);
        z[b * width + dim + p] = s;
      }
  }
  // Top MLP (no ReLU after the last).
  const tx: Float64Array[] = [z];
  top.forEach((l, i) => tx.push(affine(tx.at(-1)!, l, B, i < top.length - 1)));
  const logits = tx.at(-1)!;
  let loss = 0;
  const dLogit = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    const zz = logits[b]!;
    const y = batch.labels[b]!;
    loss += y * Math.log1p(Math.exp(-zz)) + (1 - y) * Math.log1p(Math.exp(zz));
    dLogit[b] = (1 / (1 + Math.exp(-zz)) - y) / B;
  }
  loss /= B;
  // Backward through an MLP: returns the input gradient; accumulates dW, db into grads.
  const grads = new Map<Layer64, { dw: Float64Array; db: Float64Array }>();
  const back = (ls: Layer64[], xs: Float64Array[], dOut: Float64Array, reluLast: boolean) => {
    let dy = dOut;
    for (let i = ls.length - 1; i >= 0; i--) {
      const l = ls[i]!;
      const y = xs[i + 1]!;
      if (reluLast || i < ls.length - 1) dy = dy.map((g, k) => (y[k]! > 0 ? g : 0));
      const xin = xs[i]!;
      const dw = new Float64Array(l.outW * l.inW);
      const db = new Float64Array(l.outW);
      const dx = new Float64Array(B * l.inW);
      for (let r = 0; r < B; r++)
        for (let o = 0; o < l.outW; o++) {
          const g = dy[r * l.outW + o]!;
          db[o] += g;
          for (let k = 0; k < l.inW; k++) {
            dw[o * l.inW + k] += g * xin[r * l.inW + k]!;
            dx[r * l.inW + k] += g * l.w[o * l.inW + k]!;
          }
        }
      grads.set(l, { dw, db });
      dy = dx;
    }
    return dy;
  };
  const dz = back(top, tx, dLogit, false);
  // Interaction backward.
  const dx = new Float64Array(B * dim);
  const de = new Float64Array(B * T * dim);
  const addV = (b: number, k: number, c: number, v: number) => {
    if (k === 0) dx[b * dim + c] += v;
    else de[(b * T + k - 1) * dim + c] += v;
  };
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < dim; c++) dx[b * dim + c] += dz[b * width + c]!;
    let p = 0;
    for (let a = 1; a <= T; a++)
      for (let c = 0; c < a; c++, p++) {
        const g = dz[b * width + dim + p]!;
        for (let j = 0; j < dim; j++) {
          addV(b, a, j, g * vec(b, c, j));
          addV(b, c, j, g * vec(b, a, j));
        }
      }
  }
  back(bottom, bx, dx, true);
  // Updates.
  for (const l of [...bottom, ...top]) {
    const g = grads.get(l)!;
    for (let i = 0; i < l.w.length; i++) l.w[i] -= opt.denseLr * g.dw[i]!;
    for (let i = 0; i < l.b.length; i++) l.b[i] -= opt.denseLr * g.db[i]!;
  }
  const t = Float64Array.from(table);
  const a = Float64Array.from(acc);
  const rowGrad = new Map<number, Float64Array>();
  for (let g = 0; g < B * T; g++)
    for (let j = batch.offsets[g]!; j < batch.offsets[g + 1]!; j++) {
      const id = batch.ids[j]!;
      if (!rowGrad.has(id)) rowGrad.set(id, new Float64Array(dim));
      const s = rowGrad.get(id)!;
      for (let c = 0; c < dim; c++) s[c] += de[g * dim + c]!;
    }
  for (const [id, g] of rowGrad) {
    for (let c = 0; c < dim; c++) {
      const i = id * dim + c;
      if (opt.rows.kind === 'adagrad') {
        a[i] += g[c]! * g[c]!;
        t[i] -= (opt.rows.lr * g[c]!) / (Math.sqrt(a[i]!) + (opt.rows.eps ?? 1e-10));
      } else t[i] -= opt.rows.lr * g[c]!;
    }
  }
  return { loss, params: { bottom, top }, table: t, acc: a };
}
