// Independent reference for the IVF list layout: rows grouped by key, stable, by a different
// method than the GPU's counting sort (one filter pass per key). Keys < 0 (deleted rows) are dropped.

/** Reference: stable grouping by key, by a different method (per-key filter). */
export function segmentReference(keys: Int32Array, K: number): { order: number[]; offsets: number[] } {
  const order: number[] = [];
  const offsets = [0];
  for (let c = 0; c < K; c++) {
    keys.forEach((k, i) => {
      if (k === c) order.push(i);
    });
    offsets.push(order.length);
  }
  return { order, offsets };
}
