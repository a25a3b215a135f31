// Independent f64 EmbeddingBag (sum) sparse backward, written from the definition with a Map per row.

/** The gradient rows of the distinct ids, ascending: grad[id] = Σ_{j : ids[j] = id} dOut[bag(j)]. */
export function embeddingBagBackwardReference(
  dOut: ArrayLike<number>,
  dim: number,
  ids: ArrayLike<number>,
  offsets: ArrayLike<number>,
): { rows: number[]; grad: Float64Array } {
  const sums = new Map<number, Float64Array>();
  for (let b = 0; b + 1 < offsets.length; b++) {
    for (let j = offsets[b]!; j < offsets[b + 1]!; j++) {
      const id = ids[j]!;
      if (!sums.has(id)) sums.set(id, new Float64Array(dim));
      const s = sums.get(id)!;
      for (let c = 0; c < dim; c++) s[c] += dOut[b * dim + c]!;
    }
  }
  const rows = [...sums.keys()].sort((a, b) => a - b);
  const grad = new Float64Array(rows.length * dim);
  rows.forEach((id, g) => grad.set(sums.get(id)!, g * dim));
  return { rows, grad };
}
