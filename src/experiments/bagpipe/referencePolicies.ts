// Slow, obviously correct versions of the cache policies, written from the definitions with Sets
// and Maps on plain arrays of batches, for the tests to check the fast typed-array replays
// against. The Oracle Cacher reference simulates the artifact literally: the oracle's queue of L
// batches, and the trainer's BagCache with its prefetch groups, delayed ttl updates and periodic
// eviction — and throws if a trainer ever lacks a row its batch needs.

const uniq = (b: number[]): number[] => [...new Set(b)];

function shardUniqueSum(batch: number[], trainers: number): number {
  let sum = 0;
  for (let j = 0; j < trainers; j++) {
    const from = Math.floor((j * batch.length) / trainers);
    const to = Math.floor(((j + 1) * batch.length) / trainers);
    sum += new Set(batch.slice(from, to)).size;
  }
  return sum;
}

export interface RefCounts {
  hits: number;
  misses: number;
  fetchedRows: number;
  writtenBackRows: number;
  allReducedNow: number;
  allReducedLater: number;
  noSyncRows: number;
  peakRows: number;
}

const zero = (): RefCounts => ({
  hits: 0,
  misses: 0,
  fetchedRows: 0,
  writtenBackRows: 0,
  allReducedNow: 0,
  allReducedLater: 0,
  noSyncRows: 0,
  peakRows: 0,
});

/** Batches here are one example per id (files): shards split each batch's ids evenly. */
export function refNoCache(batches: number[][], trainers: number): RefCounts {
  const c = zero();
  for (const b of batches) {
    c.misses += uniq(b).length;
    const s = shardUniqueSum(b, trainers);
    c.fetchedRows += s;
    c.writtenBackRows += s;
  }
  return c;
}

export function refLru(batches: number[][], capacity: number, trainers: number): RefCounts {
  const c = zero();
  const last = new Map<number, number>();
  batches.forEach((raw, b) => {
    const u = uniq(raw);
    const current = new Set(u);
    for (const x of u) {
      if (last.has(x)) c.hits++;
      else c.misses++;
      last.set(x, b);
    }
    c.allReducedNow += u.length;
    while (last.size > capacity) {
      let victim = -1;
      for (const [x, t] of last) {
        if (current.has(x)) continue;
        const vt = victim < 0 ? Infinity : last.get(victim)!;
        if (victim < 0 || t < vt || (t === vt && x < victim)) victim = x;
      }
      last.delete(victim);
      c.writtenBackRows++;
    }
    c.peakRows = Math.max(c.peakRows, last.size);
  });
  c.writtenBackRows += last.size;
  c.fetchedRows = c.misses * trainers;
  return c;
}

export function refBelady(batches: number[][], capacity: number, trainers: number): RefCounts {
  const c = zero();
  const cached = new Set<number>();
  const nextUse = (x: number, after: number) => {
    for (let t = after + 1; t < batches.length; t++) if (batches[t]!.includes(x)) return t;
    return Infinity;
  };
  batches.forEach((raw, b) => {
    const u = uniq(raw);
    const current = new Set(u);
    const misses = u.filter((x) => !cached.has(x));
    c.hits += u.length - misses.length;
    c.misses += misses.length;
    c.allReducedNow += u.length;
    while (cached.size + misses.length > capacity) {
      let victim = -1;
      let victimNext = -1;
      for (const x of [...cached].sort((p, q) => p - q)) {
        if (current.has(x)) continue;
        const nu = nextUse(x, b);
        if (nu > victimNext) {
          victim = x;
          victimNext = nu;
        }
      }
      cached.delete(victim);
      c.writtenBackRows++;
    }
    for (const x of misses) cached.add(x);
    c.peakRows = Math.max(c.peakRows, cached.size);
  });
  c.writtenBackRows += cached.size;
  c.fetchedRows = c.misses * trainers;
  return c;
}

/** The artifact's Oracle Cacher and one trainer's BagCache, event by event. */
export function refOracle(
  batches: number[][],
  lookahead: number,
  cleanupFraction: number,
  trainers: number,
): RefCounts {
  const c = zero();
  const B = batches.length;
  const L = lookahead;
  const I = Math.max(1, Math.floor(cleanupFraction * L));
  const U = batches.map(uniq);
  const onceIn = batches.map((raw) => {
    const n = new Map<number, number>();
    for (const x of raw) n.set(x, (n.get(x) ?? 0) + 1);
    return new Set([...n].filter(([, k]) => k === 1).map(([x]) => x));
  });
  // --- Oracle: enqueue up to L batches ahead, dequeue one at a time.
  const latest = new Map<number, number>();
  const ttlO = new Map<number, number>();
  const sent: { prefetch: number[]; noSync: Set<number>; keep: Map<number, number> }[] = [];
  let enq = 0;
  for (let cur = 0; cur < B; cur++) {
    while (enq < Math.min(B, cur + L)) {
      for (const x of U[enq]!) latest.set(x, enq);
      enq++;
    }
    const next = new Set(cur + 1 < B ? U[cur + 1]! : []);
    const prefetch = U[cur]!.filter((x) => (ttlO.get(x) ?? -1) < cur);
    const keep = new Map<number, number>();
    for (const x of U[cur]!) {
      const l = latest.get(x)!;
      if (l > cur && l <= cur + L) {
        ttlO.set(x, l);
        keep.set(x, l);
      }
    }
    const noSync = new Set([...onceIn[cur]!].filter((x) => latest.get(x) === cur));
    c.hits += U[cur]!.length - prefetch.length;
    c.misses += prefetch.length;
    c.noSyncRows += noSync.size;
    for (const x of U[cur]!) {
      if (next.has(x)) c.allReducedNow++;
      else if (!noSync.has(x)) c.allReducedLater++;
    }
    const pfNs = prefetch.filter((x) => noSync.has(x)).length;
    c.fetchedRows += trainers * (prefetch.length - pfNs) + pfNs;
    sent.push({ prefetch, noSync, keep });
  }
  c.writtenBackRows = c.misses;
  // --- Trainer: slots with ttl; prefetch groups; ttl updates of batch k applied at step k. A row
  // prefetched while an old slot of it lingers gets a second slot (as the artifact allocates one);
  // ttl updates go to the newest slot.
  let slots: { id: number; ttl: number }[] = [];
  const newest = new Map<number, { id: number; ttl: number }>();
  let prefetched = 0;
  const prefetchGroup = (until: number) => {
    const from = prefetched;
    const to = Math.min(until, B);
    if (to <= from) return;
    for (let b = from; b < to; b++) {
      for (const x of sent[b]!.prefetch) {
        const slot = { id: x, ttl: to - 1 };
        slots.push(slot);
        newest.set(x, slot);
      }
    }
    prefetched = to;
  };
  while (prefetched < Math.min(L, B)) prefetchGroup(prefetched + I);
  c.peakRows = slots.length;
  for (let k = 0; k < B; k++) {
    for (const x of U[k]!) if (!newest.has(x)) throw new Error(`batch ${k} needs row ${x}, not resident`);
    for (const [x, t] of sent[k]!.keep) newest.get(x)!.ttl = t;
    if (k % I === 0 && k !== 0) {
      for (const slot of slots) if (slot.ttl < k && newest.get(slot.id) === slot) newest.delete(slot.id);
      slots = slots.filter((slot) => slot.ttl >= k);
      prefetchGroup(k + L);
      c.peakRows = Math.max(c.peakRows, slots.length);
    }
  }
  return c;
}
