// Independent f64 EmbeddingBag (sum) forward, written from the definition.

/** out[bag, c] = Σ_{j in bag} table[ids[j], c]. */
export function embeddingBagReference(
  table: ArrayLike<number>,
  dim: number,
  ids: ArrayLike<number>,
  offsets: ArrayLike<number>,
): Float64Array {
  const bags = offsets.length - 1;
  const out = new Float64Array(bags * dim);
  for (let b = 0; b < bags; b++)
    for (let j = offsets[b]!; j < offsets[b + 1]!; j++)
      for (let c = 0; c < dim; c++) out[b * dim + c] += table[ids[j]! * dim + c]!;
  return out;
}
