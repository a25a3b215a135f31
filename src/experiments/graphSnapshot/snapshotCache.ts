// GraphSnapShot's neighbour caches (notes §2), re-implemented: nodes of degree > θ ("dense") keep
// a cached snapshot of sampled neighbours, and mini-batch sampling reads those snapshots instead
// of the full adjacency; nodes of degree ≤ θ are always sampled from the full graph (FBL).
//   FBL     no cache.
//   FCR     per hop a cache of ⌈α·f⌉ neighbours per dense node; the whole cache is re-sampled every
//           `refreshEvery` batches.
//   OTF     per hop a cache of 2f neighbours; every `refreshEvery` batches the rows read since the
//           last refresh drop their ⌊f·γ⌋ oldest entries and take as many fresh samples.
//   *-SC    one cache shared by all hops, rows of ⌈α·max f⌉ (OTF-SC refreshes ⌊max f·γ⌋).
// The cache only says WHAT to sample (RowRequest); a driver samples the rows with the CPU
// reference or the GPU kernel (bit-identical) and hands them back, so the same logic serves the
// synchronous live model and the GPU run.
import { pcgHash } from '../../data/pcg32';
import { degrees, type Csr } from '../../data/graphs/csr';
import type { DenseBlock } from '../../kernels/graph/sampleDense.reference';
import { MAX_FANOUT } from '../../kernels/graph/sampleNeighbors.reference';
import { UserInputError } from '../types';

export type SamplerKind = 'FBL' | 'FCR' | 'FCR-SC' | 'OTF' | 'OTF-SC';
export const SAMPLER_KINDS: SamplerKind[] = ['FBL', 'FCR', 'FCR-SC', 'OTF', 'OTF-SC'];

export interface SnapshotConfig {
  kind: SamplerKind;
  fanouts: number[];
  theta: number;
  alpha: number;
  gamma: number;
  refreshEvery: number;
  seed: number;
}

export interface RowRequest {
  cache: number;
  nodes: Int32Array;
  fanout: number;
  seed: number;
  mode: 'replace' | 'rotate';
}
export interface RowSample {
  neighbors: Int32Array;
  counts: Int32Array;
}

// Cost accounting follows the notes' browser plan ("count full-graph CSR touches as slow-tier
// bytes"): sampling a row touches the whole row it samples from — the full adjacency row (slow
// tier) for sparse nodes and under FBL, the cached row (fast tier) for dense nodes; (re)building
// a cache row touches the node's full row once.
export interface CacheStats {
  batches: number;
  /** Sampled edges taken from full rows / from cache rows. */
  slowPicks: number;
  fastPicks: number;
  /** Row entries touched to sample: full rows (slow tier) and cache rows (fast tier). */
  slowTouches: number;
  fastTouches: number;
  /** Full-row entries touched to refresh caches, initial build excluded; and the build. */
  refreshTouches: number;
  buildTouches: number;
  /** Neighbours drawn into cache rows by refreshes (initial build excluded) and by the build. */
  refreshPicks: number;
  buildPicks: number;
  /** Σ over cache rows read of their mean entry age (batches), and how many rows were read. */
  ageSum: number;
  rowsRead: number;
}

const isCached = (k: SamplerKind) => k !== 'FBL';
const shared = (k: SamplerKind) => k.endsWith('-SC');

/** Row size of each cache (one per hop, or one shared); throws when a row exceeds the sampler's limit. */
export function cacheRowSizes(cfg: SnapshotConfig): number[] {
  const maxF = Math.max(...cfg.fanouts);
  const size = (f: number) => (cfg.kind.startsWith('OTF') && !shared(cfg.kind) ? 2 * f : Math.ceil(cfg.alpha * f));
  const rowSize = shared(cfg.kind) ? [size(maxF)] : cfg.fanouts.map(size);
  if (isCached(cfg.kind)) {
    for (const s of rowSize) {
      if (s > MAX_FANOUT)
        throw new UserInputError(
          `${cfg.kind}: a cache row of ${s} neighbours exceeds the sampler's limit of ${MAX_FANOUT} (lower α or the fanouts)`,
        );
    }
  }
  return rowSize;
}

/** The sampling seed of cache `cache` at build / refresh `salt` (the batch index). */
export const seedForCache = (cfg: SnapshotConfig, cache: number, salt: number): number =>
  pcgHash((cfg.seed ^ pcgHash(cache * 65_537 + salt * 7919 + 1)) >>> 0);

/** Neighbours an OTF refresh replaces in each row of cache `cache`. */
export function refreshCountOf(cfg: SnapshotConfig, cache: number): number {
  const f = shared(cfg.kind) ? Math.max(...cfg.fanouts) : cfg.fanouts[cache]!;
  return Math.floor(f * cfg.gamma);
}

export class SnapshotCache {
  readonly dense: Uint8Array;
  readonly denseNodes: Int32Array;
  private readonly rowSize: number[];
  private readonly rows: Map<number, Int32Array>[];
  private readonly ages: Map<number, Int32Array>[];
  private readonly touched: Set<number>[];
  /** Every dense row read so far, per cache (OTF's refresh cost when fewer than T batches run). */
  readonly readEver: Set<number>[];
  private graphs: Csr[] | null = null;
  private version = 0;
  readonly stats: CacheStats = {
    batches: 0,
    slowPicks: 0,
    fastPicks: 0,
    slowTouches: 0,
    fastTouches: 0,
    refreshTouches: 0,
    buildTouches: 0,
    refreshPicks: 0,
    buildPicks: 0,
    ageSum: 0,
    rowsRead: 0,
  };
  private readonly degree: Int32Array;

  constructor(
    readonly full: Csr,
    readonly cfg: SnapshotConfig,
  ) {
    const deg = degrees(full);
    this.degree = deg;
    this.dense = new Uint8Array(deg.length);
    let count = 0;
    if (isCached(cfg.kind))
      for (let v = 0; v < deg.length; v++)
        if (deg[v]! > cfg.theta) {
          this.dense[v] = 1;
          count++;
        }
    this.denseNodes = new Int32Array(count);
    for (let v = 0, k = 0; v < deg.length; v++) if (this.dense[v]) this.denseNodes[k++] = v;
    this.rowSize = cacheRowSizes(cfg);
    const caches = isCached(cfg.kind) ? this.rowSize.length : 0;
    this.rows = Array.from({ length: caches }, () => new Map());
    this.ages = Array.from({ length: caches }, () => new Map());
    this.touched = Array.from({ length: caches }, () => new Set());
    this.readEver = Array.from({ length: caches }, () => new Set());
  }

  private cacheOfHop(h: number): number {
    return shared(this.cfg.kind) ? 0 : h;
  }
  private seedFor(cache: number, salt: number): number {
    return seedForCache(this.cfg, cache, salt);
  }
  /** Neighbours an OTF refresh replaces in each row it refreshes. */
  refreshCount(cache: number): number {
    return refreshCountOf(this.cfg, cache);
  }

  /** What must be sampled from the full graph before batch b (initial build at b = 0). */
  requests(b: number): RowRequest[] {
    if (!isCached(this.cfg.kind) || this.denseNodes.length === 0) return [];
    const R = this.cfg.refreshEvery;
    if (b === 0 || (this.cfg.kind.startsWith('FCR') && b % R === 0)) {
      return this.rowSize.map((fanout, cache) => ({
        cache,
        nodes: this.denseNodes,
        fanout,
        seed: this.seedFor(cache, b),
        mode: 'replace' as const,
      }));
    }
    if (this.cfg.kind.startsWith('OTF') && b % R === 0) {
      return this.touched
        .map((set, cache) => ({
          cache,
          nodes: Int32Array.from(set).sort(),
          fanout: this.refreshCount(cache),
          seed: this.seedFor(cache, b),
          mode: 'rotate' as const,
        }))
        .filter((r) => r.nodes.length > 0 && r.fanout > 0);
    }
    return [];
  }

  apply(b: number, req: RowRequest, sample: RowSample): void {
    const rows = this.rows[req.cache]!;
    const ages = this.ages[req.cache]!;
    let touched = 0;
    let picks = 0;
    req.nodes.forEach((v, i) => {
      const fresh = sample.neighbors.subarray(i * req.fanout, i * req.fanout + sample.counts[i]!);
      touched += this.degree[v]!;
      picks += fresh.length;
      if (req.mode === 'replace') {
        rows.set(v, fresh.slice());
        ages.set(v, new Int32Array(fresh.length).fill(b));
      } else {
        // Rotate: drop the oldest entries (the row is kept oldest-first), append the fresh ones.
        const old = rows.get(v)!;
        const keep = Math.max(0, old.length - fresh.length);
        rows.set(v, Int32Array.from([...old.subarray(old.length - keep), ...fresh]));
        ages.set(v, Int32Array.from([...ages.get(v)!.subarray(old.length - keep), ...new Array(fresh.length).fill(b)]));
      }
    });
    if (b === 0) {
      this.stats.buildTouches += touched;
      this.stats.buildPicks += picks;
    } else {
      this.stats.refreshTouches += touched;
      this.stats.refreshPicks += picks;
    }
    if (req.mode === 'rotate') this.touched[req.cache]!.clear();
    this.graphs = null;
    this.version++;
  }

  /** Version of the per-hop graphs: changes whenever a cache row changed. */
  get graphVersion(): number {
    return this.version;
  }

  /** Per-hop graphs to sample from: a dense node's row is its cache row, others their full row. */
  hopGraphs(): Csr[] {
    if (this.graphs) return this.graphs;
    if (!isCached(this.cfg.kind)) return (this.graphs = this.cfg.fanouts.map(() => this.full));
    // Plain index loops, no per-row views: this runs for every cache version of every sampler.
    const { indptr: fullPtr, indices: fullIdx, numNodes: n } = this.full;
    const merged = this.rows.map((rows) => {
      const indptr = new Int32Array(n + 1);
      for (let v = 0; v < n; v++)
        indptr[v + 1] = indptr[v]! + (this.dense[v] ? (rows.get(v)?.length ?? 0) : fullPtr[v + 1]! - fullPtr[v]!);
      const indices = new Int32Array(indptr[n]!);
      for (let v = 0; v < n; v++) {
        let at = indptr[v]!;
        if (this.dense[v]) {
          const row = rows.get(v);
          if (row) indices.set(row, at);
        } else for (let e = fullPtr[v]!; e < fullPtr[v + 1]!; e++) indices[at++] = fullIdx[e]!;
      }
      return { numNodes: n, indptr, indices };
    });
    return (this.graphs = this.cfg.fanouts.map((_, h) => merged[this.cacheOfHop(h)]!));
  }

  /** Cached entries held (the snapshot's resident edges). */
  residentCacheEdges(): number {
    let s = 0;
    for (const rows of this.rows) for (const r of rows.values()) s += r.length;
    return s;
  }

  /** Edges a sampler must keep: full rows of sparse nodes (every row under FBL) plus cache rows. */
  storedEdges(): number {
    if (!isCached(this.cfg.kind)) return this.full.indices.length;
    let sparse = 0;
    for (let v = 0; v < this.full.numNodes; v++)
      if (!this.dense[v]) sparse += this.full.indptr[v + 1]! - this.full.indptr[v]!;
    return sparse + this.residentCacheEdges();
  }

  /** Full-row entries of the rows read so far (Σ degree over readEver, summed over the caches). */
  readEverTouches(): number {
    let s = 0;
    for (const set of this.readEver) for (const v of set) s += this.degree[v]!;
    return s;
  }

  /** Books a sampled batch: picks per tier, rows read (for OTF refresh and staleness). */
  record(b: number, block: DenseBlock): void {
    const K = this.cfg.fanouts.length;
    for (let h = 0; h < K; h++) {
      for (let r = block.hopOffsets[h]!; r < block.hopOffsets[h + 1]!; r++) {
        const v = block.nodeIds[r]!;
        const picks = block.blockIndptr[r + 1]! - block.blockIndptr[r]!;
        if (!this.dense[v]) {
          this.stats.slowPicks += picks;
          this.stats.slowTouches += this.degree[v]!;
          continue;
        }
        const c = this.cacheOfHop(h);
        this.stats.fastPicks += picks;
        this.stats.fastTouches += this.rows[c]!.get(v)?.length ?? 0;
        this.touched[c]!.add(v);
        this.readEver[c]!.add(v);
        const ages = this.ages[c]!.get(v)!;
        if (ages.length) this.stats.ageSum += b - ages.reduce((a, x) => a + x, 0) / ages.length;
        this.stats.rowsRead++;
      }
    }
    this.stats.batches++;
  }
}
