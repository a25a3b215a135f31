// The live model's sampler simulation, rewritten for speed: the same batches, the same hashes and
// the same bookkeeping as `simulateSampler` (simulate.ts: SnapshotCache + the CPU reference
// samplers), so its statistics are identical to the last bit (fastSimulate.test.ts checks every
// sampler on small graphs). What differs is only how the work is done and stored:
//  * cache rows live in one flat typed array per cache (a fixed stride per dense node, by degree
//    rank) instead of a Map of small arrays, and an OTF refresh rotates a row in place; FCR, which
//    never edits a row, reads the drawn-row table itself;
//  * the per-hop graphs are never materialised: a dense node's row is read from its cache slab,
//    every other row straight from the full CSR (SnapshotCache.hopGraphs copies the whole
//    adjacency for every cache version);
//  * the DENSE sampler is inlined and books each row as it samples it (no block is built); the
//    last hop's rows are only counted (see sampleHop);
//  * work shared by the samplers is done once per graph: degrees, the batch schedule, and the
//    cache rows the builds and full refreshes draw (they depend on the node, the row size and the
//    seed only, not on θ or the sampler, so a θ move reuses every row already drawn).
import { pcgHash } from '../../data/pcg32';
import { degrees, type Csr } from '../../data/graphs/csr';
import { sampleKey } from '../../kernels/graph/sampleNeighbors.reference';
import {
  amortisedRefresh,
  batchSchedule,
  batchSeed,
  configFor,
  type SamplerStats,
  type SnapshotWorkload,
} from './simulate';
import { cacheRowSizes, refreshCountOf, seedForCache, type SamplerKind } from './snapshotCache';

// Floyd's "already taken?" test as a stamp per row position (stamp[pos] === generation) instead
// of a scan of the picks so far: O(f) per row instead of O(f²), same picks.
let stamp = new Int32Array(64);
let generation = 0;

/**
 * Floyd's uniform subset of `fanout` of the `deg` entries src[start ..], written as ids to
 * out[at ..]; the whole row when deg ≤ fanout. Same draws as sampleNodeInto (the GPU kernel's).
 */
function sampleRowInto(
  src: Int32Array,
  start: number,
  deg: number,
  fanout: number,
  key: number,
  out: Int32Array,
  at: number,
): number {
  if (deg <= fanout) {
    for (let k = 0; k < deg; k++) out[at + k] = src[start + k]!;
    return deg;
  }
  if (stamp.length < deg) stamp = new Int32Array(Math.max(deg, 2 * stamp.length));
  if (++generation >= 0x7fffffff) {
    stamp.fill(0);
    generation = 1;
  }
  const gen = generation;
  for (let j = deg - fanout, n = 0; j < deg; j++, n++) {
    const r = pcgHash((key ^ j) >>> 0) % (j + 1);
    const pos = stamp[r] === gen ? j : r;
    stamp[pos] = gen;
    out[at + n] = src[start + pos]!;
  }
  return fanout;
}

/** Per-graph work every sampler shares: degrees, batch schedules, drawn cache rows. */
interface GraphShared {
  degree: Int32Array;
  /** slot[v]: v's rank in degree order (highest first), so the nodes above any θ are slots 0 .. D−1. */
  slot: Int32Array;
  /** The nodes by degree, highest first (ties by id), their degrees, and prefix sums of those. */
  order: Int32Array;
  sortedDegree: Int32Array;
  degreePrefix: Float64Array;
  /** Per-batch scratch reused by every simulation: batch position (−1 = not in the batch), marks, lists. */
  position: Int32Array;
  freshMark: Uint8Array;
  nodeIds: Int32Array;
  freshList: Int32Array;
  /** Cache slabs per cache index, reused by every simulation (fresh typed arrays each time cost more in GC than the simulation). */
  slabs: Slab[];
  schedules: Map<string, Int32Array[]>;
  draws: Map<string, DrawTable>;
}
interface Slab {
  rows: Int32Array;
  ages: Int32Array;
  len: Int32Array;
  touched: Uint8Array;
  readEver: Uint8Array;
}

/** Cache c's slab for D rows of `stride` entries: reused (grown when short), lengths and marks cleared. */
function slabOf(sh: GraphShared, c: number, D: number, stride: number): Slab {
  let s = sh.slabs[c];
  if (!s || s.rows.length < D * stride || s.len.length < D) {
    const entries = Math.max(D * stride, s?.rows.length ?? 0);
    const rowsCap = Math.max(D, s?.len.length ?? 0);
    s = sh.slabs[c] = {
      rows: new Int32Array(entries),
      ages: new Int32Array(entries),
      len: new Int32Array(rowsCap),
      touched: new Uint8Array(rowsCap),
      readEver: new Uint8Array(rowsCap),
    };
  }
  s.len.fill(0, 0, D);
  s.touched.fill(0, 0, D);
  s.readEver.fill(0, 0, D);
  return s;
}

/** Rows drawn from the full graph for one (row size, seed), by degree slot: grown as θ falls. */
interface DrawTable {
  size: number;
  rows: Int32Array;
  /** Entries drawn per slot; −1 = not drawn yet. */
  count: Int32Array;
}
const sharedMemo = new WeakMap<Csr, GraphShared>();
/** Drawn-row tables kept per graph: enough for every sampler and the cache-size sweep. */
const MAX_DRAW_TABLES = 24;

function sharedOf(g: Csr): GraphShared {
  let s = sharedMemo.get(g);
  if (!s) {
    const degree = degrees(g);
    const order = Int32Array.from({ length: g.numNodes }, (_, v) => v).sort((a, b) => degree[b]! - degree[a]! || a - b);
    const slot = new Int32Array(g.numNodes);
    order.forEach((v, i) => (slot[v] = i));
    const sortedDegree = order.map((v) => degree[v]!);
    const degreePrefix = new Float64Array(g.numNodes + 1);
    sortedDegree.forEach((d, i) => (degreePrefix[i + 1] = degreePrefix[i]! + d));
    const n = g.numNodes;
    s = {
      degree,
      slot,
      order,
      sortedDegree,
      degreePrefix,
      position: new Int32Array(n).fill(-1),
      freshMark: new Uint8Array(n),
      nodeIds: new Int32Array(n),
      // A batch holds each node at most once, so n bounds the nodes one hop adds.
      freshList: new Int32Array(n),
      slabs: [],
      schedules: new Map(),
      draws: new Map(),
    };
    sharedMemo.set(g, s);
  }
  return s;
}

function scheduleOf(sh: GraphShared, w: SnapshotWorkload): Int32Array[] {
  const key = [w.batchSize, w.batches, w.seed, w.train.length, w.train[0], w.train[w.train.length - 1]].join('|');
  let s = sh.schedules.get(key);
  if (!s) {
    if (sh.schedules.size >= 8) sh.schedules.clear();
    sh.schedules.set(key, (s = batchSchedule(w)));
  }
  return s;
}

/** The table of rows of `size` drawn with `seed`, with room for the `dense` highest-degree nodes. */
function drawTable(sh: GraphShared, size: number, seed: number, dense: number): DrawTable {
  const key = `${size}|${seed}`;
  let t = sh.draws.get(key);
  if (!t) {
    if (sh.draws.size >= MAX_DRAW_TABLES) sh.draws.delete(sh.draws.keys().next().value!);
    t = { size, rows: new Int32Array(0), count: new Int32Array(0) };
    sh.draws.set(key, t);
  }
  if (t.count.length < dense) {
    const cap = Math.min(sh.degree.length, Math.max(dense, 2 * t.count.length));
    const rows = new Int32Array(cap * size);
    rows.set(t.rows);
    const count = new Int32Array(cap).fill(-1);
    count.set(t.count);
    Object.assign(t, { rows, count });
  }
  return t;
}

/** Nodes of degree > θ (a binary search over the degrees sorted once per graph). */
export function denseCount(g: Csr, theta: number): number {
  const d = sharedOf(g).sortedDegree;
  let lo = 0;
  let hi = d.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (d[mid]! > theta) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * What a sampler's simulation depends on, as integers: θ only through the set of nodes above it
 * (a prefix of the degree order, so its size), α only through the cache row sizes ⌈α·f⌉, γ only
 * through the refresh counts ⌊f·γ⌋. Two workloads with the same key simulate identically.
 */
export function simulationKey(w: SnapshotWorkload, kind: SamplerKind): string {
  const base = [kind, w.batchSize, w.batches, w.fanouts.join(','), w.seed, w.train.length];
  if (kind === 'FBL') return base.join('|');
  const cfg = configFor(w, kind);
  const sizes = cacheRowSizes(cfg);
  const refresh = kind.startsWith('OTF') ? sizes.map((_, c) => refreshCountOf(cfg, c)).join(',') : '';
  // A refresh period at least as long as the simulated batches changes nothing inside them: only the amortised refresh cost.
  const period = w.refreshEvery >= w.batches ? 'long' : w.refreshEvery;
  return [...base, denseCount(w.graph, w.theta), period, sizes.join(','), refresh].join('|');
}

/** What one simulation books, summed over its batches. */
class Tally {
  slowPicks = 0;
  fastPicks = 0;
  slowTouches = 0;
  fastTouches = 0;
  blockEdges = 0;
  ageSum = 0;
  rowsRead = 0;
  /** Σ degree over the distinct (cache, row) pairs read, and per cache how many distinct rows. */
  readEverTouches = 0;
  readRows: number[];
  constructor(caches: number) {
    this.readRows = new Array<number>(caches).fill(0);
  }
}

/** The cache a hop reads: row slabs by degree slot, with their lengths, entry ages and read marks. */
interface HopCache {
  len: Int32Array;
  rows: Int32Array;
  ages: Int32Array;
  touched: Uint8Array;
  readEver: Uint8Array;
  stride: number;
  index: number;
  /** ≥ 0: every entry has this age (an FCR cache, all rows drawn at that batch); −1: per-entry ages. */
  uniformAge: number;
}

let picks = new Int32Array(64);

/**
 * The last hop's rows are only counted, not sampled: the reference samples them, but the nodes
 * they reach are never sampled and no statistic depends on which neighbours were drawn, only on
 * how many (min(row length, fanout)), so skipping the draws changes no number (and saves most of
 * the work: the last hop has most of the rows).
 *
 * Samples rows [hopStart, hopEnd) of the batch in sh.nodeIds (a dense node's from its cache row,
 * others from the full row), books them in `t`, appends the nodes first reached (in id order, as
 * the reference sampler lays them out) and returns the new batch size. A top-level function so the
 * engine optimises this hot loop once for every sampler.
 */
function sampleHop(
  g: Csr,
  sh: GraphShared,
  D: number,
  cache: HopCache | null,
  fanout: number,
  seed: number,
  b: number,
  hopStart: number,
  hopEnd: number,
  t: Tally,
  last: boolean,
): number {
  const { indptr, indices, numNodes: n } = g;
  const { slot, degree, position, freshMark, nodeIds, freshList } = sh;
  let slowPicks = 0;
  let fastPicks = 0;
  let slowTouches = 0;
  let fastTouches = 0;
  let blockEdges = 0;
  // Continued from the tally, one addition per row read in the reference's order: the same bits.
  let ageSum = t.ageSum;
  let rowsRead = 0;
  let readEverTouches = 0;
  let newRows = 0;
  let nFresh = 0;
  if (picks.length < fanout) picks = new Int32Array(fanout);
  for (let r = hopStart; r < hopEnd; r++) {
    const v = nodeIds[r]!;
    const i = slot[v]!;
    // int32 (same bits under the ^ below): no boxed number per call.
    const key = last ? 0 : sampleKey(seed, v) | 0;
    let count: number;
    if (i >= D || cache === null) {
      count = last
        ? Math.min(degree[v]!, fanout)
        : sampleRowInto(indices, indptr[v]!, degree[v]!, fanout, key, picks, 0);
      slowPicks += count;
      slowTouches += degree[v]!;
    } else {
      const l = cache.len[i]!;
      const base = i * cache.stride;
      count = last ? Math.min(l, fanout) : sampleRowInto(cache.rows, base, l, fanout, key, picks, 0);
      fastPicks += count;
      fastTouches += l;
      cache.touched[i] = 1;
      if (!cache.readEver[i]) {
        cache.readEver[i] = 1;
        newRows++;
        readEverTouches += degree[v]!;
      }
      if (l) {
        // (l·a)/l is exactly a, so a uniform age adds the same bits as the per-entry mean.
        if (cache.uniformAge >= 0) ageSum += b - cache.uniformAge;
        else {
          let s = 0;
          for (let k = base; k < base + l; k++) s += cache.ages[k]!;
          ageSum += b - s / l;
        }
      }
      rowsRead++;
    }
    blockEdges += count;
    if (last) continue;
    for (let k = 0; k < count; k++) {
      const id = picks[k]!;
      if (position[id]! < 0 && !freshMark[id]) {
        freshMark[id] = 1;
        freshList[nFresh++] = id;
      }
    }
  }
  t.slowPicks += slowPicks;
  t.fastPicks += fastPicks;
  t.slowTouches += slowTouches;
  t.fastTouches += fastTouches;
  t.blockEdges += blockEdges;
  t.ageSum = ageSum;
  t.rowsRead += rowsRead;
  t.readEverTouches += readEverTouches;
  if (cache) t.readRows[cache.index]! += newRows;
  if (last) return hopEnd;
  // The new nodes in id order: a sort, or for many of them a scan of the marks (cheaper than sorting thousands).
  let N = hopEnd;
  if (nFresh * 16 > n) {
    for (let id = 0; id < n; id++)
      if (freshMark[id]) {
        freshMark[id] = 0;
        position[id] = N;
        nodeIds[N++] = id;
      }
  } else {
    const added = freshList.subarray(0, nFresh).sort();
    for (let k = 0; k < nFresh; k++) {
      const id = added[k]!;
      freshMark[id] = 0;
      position[id] = N;
      nodeIds[N++] = id;
    }
  }
  return N;
}

/** Draws the first D rows not drawn yet, copies them into a cache slab (`into`, aged b) if given; returns the entries. */
function fillFromDraws(
  g: Csr,
  sh: GraphShared,
  table: DrawTable,
  key0: number,
  D: number,
  into: { rows: Int32Array; ages: Int32Array; len: Int32Array; stride: number } | null,
  b: number,
): number {
  const { indptr, indices } = g;
  const { order, degree } = sh;
  const { size, count } = table;
  const drawn = table.rows;
  let picks = 0;
  for (let i = 0; i < D; i++) {
    const at = i * size;
    let cnt = count[i]!;
    if (cnt < 0) {
      const v = order[i]!;
      cnt = sampleRowInto(indices, indptr[v]!, degree[v]!, size, sampleKey(key0, v) | 0, drawn, at);
      count[i] = cnt;
    }
    picks += cnt;
    if (!into) continue;
    const base = i * into.stride;
    for (let k = 0; k < cnt; k++) {
      into.rows[base + k] = drawn[at + k]!;
      into.ages[base + k] = b;
    }
    into.len[i] = cnt;
  }
  return picks;
}

/** Same statistics as simulateSampler(w, kind), computed with flat arrays and shared per-graph work. */
export function simulateSamplerFast(w: SnapshotWorkload, kind: SamplerKind): SamplerStats {
  const g = w.graph;
  const n = g.numNodes;
  const { indptr, indices } = g;
  const sh = sharedOf(g);
  const degree = sh.degree;
  const cfg = configFor(w, kind);
  const rowSize = cacheRowSizes(cfg);
  const cached = kind !== 'FBL';
  const sharedCache = kind.endsWith('-SC');
  const isFcr = kind.startsWith('FCR');
  const isOtf = kind.startsWith('OTF');
  const K = w.fanouts.length;
  const caches = cached ? rowSize.length : 0;

  // The dense nodes (degree > θ) are the first D in degree order: node v is dense iff slot[v] < D,
  // and slot[v] is its row in the cache slabs (no per-θ pass over the graph).
  const D = cached ? denseCount(g, w.theta) : 0;
  const denseNodes = sh.order.subarray(0, D);

  const refreshCount = Array.from({ length: caches }, (_, c) => refreshCountOf(cfg, c));
  // A row never grows past max(row size, refresh count) (a rotate keeps the longer of the two).
  const stride = rowSize.map((s, c) => Math.max(s, refreshCount[c] ?? 0));
  // Row contents and ages need no clearing: the build at b = 0 writes every dense row before a read.
  // FCR never edits a row, so its caches read the drawn-row tables in place (no row slabs).
  const slabs = stride.slice(0, caches).map((st, c) => slabOf(sh, c, D, isFcr ? 0 : st));
  const uniformAge = new Array<number>(caches).fill(-1);
  const rows = slabs.map((x) => x.rows);
  const ages = slabs.map((x) => x.ages);
  const len = slabs.map((x) => x.len);
  const touched = slabs.map((x) => x.touched);
  const readEver = slabs.map((x) => x.readEver);
  const tally = new Tally(caches);
  const cacheOf = (c: number): HopCache => ({
    len: len[c]!,
    rows: rows[c]!,
    ages: ages[c]!,
    touched: touched[c]!,
    readEver: readEver[c]!,
    stride: stride[c]!,
    index: c,
    uniformAge: uniformAge[c]!,
  });
  let buildTouches = 0;
  let buildPicks = 0;
  let refreshTouches = 0;
  let refreshPicks = 0;

  /** Replace every dense row of cache c with a fresh draw (build at b = 0, FCR's full refresh). */
  const replaceAll = (c: number, b: number) => {
    const size = rowSize[c]!;
    const st = stride[c]!;
    const key0 = seedForCache(cfg, c, b);
    const table = drawTable(sh, size, key0, D);
    // Every dense row's full row is touched once: the degree prefix of the first D nodes.
    const touches = sh.degreePrefix[D]!;
    const picks = fillFromDraws(
      g,
      sh,
      table,
      key0,
      D,
      isFcr ? null : { rows: rows[c]!, ages: ages[c]!, len: len[c]!, stride: st },
      b,
    );
    if (isFcr) {
      rows[c] = table.rows;
      len[c] = table.count;
      stride[c] = size;
      uniformAge[c] = b;
    }
    if (b === 0) {
      buildTouches += touches;
      buildPicks += picks;
    } else {
      refreshTouches += touches;
      refreshPicks += picks;
    }
  };

  const fresh = new Int32Array(refreshCount.length ? Math.max(...refreshCount, 1) : 1);
  /** OTF: the rows read since the last refresh drop their oldest entries for as many fresh draws. */
  const rotateTouched = (c: number, b: number) => {
    const f = refreshCount[c]!;
    const st = stride[c]!;
    const flags = touched[c]!;
    const key0 = seedForCache(cfg, c, b);
    let any = false;
    for (let i = 0; i < D; i++) if (flags[i]) any = true;
    if (!any || f <= 0) return;
    for (let i = 0; i < D; i++) {
      if (!flags[i]) continue;
      flags[i] = 0;
      const v = denseNodes[i]!;
      const got = sampleRowInto(indices, indptr[v]!, degree[v]!, f, sampleKey(key0, v) | 0, fresh, 0);
      const old = len[c]![i]!;
      const keep = Math.max(0, old - got);
      const base = i * st;
      const row = rows[c]!;
      const age = ages[c]!;
      row.copyWithin(base, base + old - keep, base + old);
      age.copyWithin(base, base + old - keep, base + old);
      row.set(fresh.subarray(0, got), base + keep);
      age.fill(b, base + keep, base + keep + got);
      len[c]![i] = keep + got;
      refreshTouches += degree[v]!;
      refreshPicks += got;
    }
  };

  const schedule = scheduleOf(sh, w);
  const R = w.refreshEvery;
  for (let b = 0; b < schedule.length; b++) {
    const seeds = schedule[b]!;
    if (cached && D > 0) {
      if (b === 0 || (isFcr && b % R === 0)) for (let c = 0; c < caches; c++) replaceAll(c, b);
      else if (isOtf && b % R === 0) for (let c = 0; c < caches; c++) rotateTouched(c, b);
    }
    const seed = batchSeed(w, b);
    let N = 0;
    const { position, nodeIds } = sh;
    for (let k = 0; k < seeds.length; k++) {
      position[seeds[k]!] = N;
      nodeIds[N++] = seeds[k]!;
    }
    let hopStart = 0;
    for (let h = 0; h < K; h++) {
      const c = sharedCache ? 0 : h;
      const hopEnd = N;
      N = sampleHop(g, sh, D, cached ? cacheOf(c) : null, w.fanouts[h]!, seed, b, hopStart, N, tally, h === K - 1);
      hopStart = hopEnd;
    }
    for (let r = 0; r < N; r++) position[nodeIds[r]!] = -1;
  }

  const batches = Math.max(1, schedule.length);
  let resident = 0;
  for (const l of len) for (let i = 0; i < D; i++) resident += l[i]!; // only the first D rows are this simulation's
  // Entries on the nodes at or below θ: all entries less the prefix of the degree order.
  const sparse = sh.degreePrefix[n]! - sh.degreePrefix[D]!;
  const refreshInputs = {
    kind,
    batches,
    denseNodes: D,
    buildTouches,
    buildPicks,
    simulatedTouches: refreshTouches,
    simulatedPicks: refreshPicks,
    readEverTouches: tally.readEverTouches,
    readRows: tally.readRows,
    refreshCounts: refreshCount,
  };
  const [amortTouches, amortPicks] = amortisedRefresh(refreshInputs, w.refreshEvery);
  return {
    kind,
    denseNodes: D,
    storedEdges: cached ? sparse + resident : indices.length,
    cacheEdges: resident,
    buildTouches,
    blockEdges: tally.blockEdges / batches,
    slowPicks: tally.slowPicks / batches,
    fastPicks: tally.fastPicks / batches,
    slowTouches: tally.slowTouches / batches,
    fastTouches: tally.fastTouches / batches,
    refreshTouches: amortTouches,
    refreshPicks: amortPicks,
    refreshInputs,
    staleness: tally.rowsRead ? tally.ageSum / tally.rowsRead : 0,
  };
}
