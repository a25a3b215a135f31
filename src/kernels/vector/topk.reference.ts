// Independent CPU reference for top-k: full sort of (distance, id) pairs, smaller distance first
// and the lower id on ties, padded with (-1, +Infinity) when a row has fewer than k candidates.
export interface TopkReference {
  ids: Int32Array;
  dist: Float64Array;
}

export function topkOfCandidates(cands: { d: number; id: number }[], k: number): { ids: number[]; dist: number[] } {
  const sorted = [...cands].sort((a, b) => a.d - b.d || a.id - b.id).slice(0, k);
  const ids = sorted.map((c) => c.id);
  const dist = sorted.map((c) => c.d);
  while (ids.length < k) {
    ids.push(-1);
    dist.push(Infinity);
  }
  return { ids, dist };
}

export function rowTopKReference(dist: ArrayLike<number>, rows: number, n: number, k: number): TopkReference {
  const ids = new Int32Array(rows * k);
  const out = new Float64Array(rows * k);
  for (let r = 0; r < rows; r++) {
    const cands = Array.from({ length: n }, (_, j) => ({ d: dist[r * n + j]!, id: j }));
    const t = topkOfCandidates(cands, k);
    ids.set(t.ids, r * k);
    out.set(t.dist, r * k);
  }
  return { ids, dist: out };
}
