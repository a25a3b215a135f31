// Maintenance policies for a dynamic IVF index (Ada-IVF §5.1 baselines): the shared contract and
// parameters, the three simple policies (Frozen, Update, Rebuild) and the full rebuild that Rebuild
// and Ada-IVF's global trigger share. LIRE, DeDrift and Ada-IVF live in their own files.
import { seedingEvaluations, type ClusterEngine } from './ivfEngine';
import type { BatchDelta, IvfIndex } from './ivfIndex';

export type PolicyId = 'frozen' | 'update' | 'rebuild' | 'lire' | 'dedrift' | 'ada-ivf';

export interface PolicyParams {
  /** τ_s: target partition size (paper 1000; scaled to the workload, see the experiment). */
  targetSize: number;
  /** Rebuild (and DeDrift) fire once this share of the live vectors changed (paper 2.5%). */
  rebuildFraction: number;
  /** k-means iterations of a full rebuild. */
  rebuildIters: number;
  /** ι: iterations of local re-clustering (Ada-IVF) and of LIRE's / DeDrift's small k-means. */
  localIters: number;
  /** r_c: neighbouring partitions pulled into a local re-clustering / LIRE reassignment (paper 25). */
  neighbours: number;
  /** Strength of the size-balanced k-means (λ = balance × mean d² / mean size). */
  balance: number;
  /** LIRE split above lireMax·τ_s and merge below lireMin·τ_s (paper 2000 / 500 at τ_s = 1000). */
  lireMin: number;
  lireMax: number;
  /** DeDrift: 'lazy' (recompute means), 'split' (re-cluster largest + smallest), 'hybrid' (both). */
  dedriftMode: 'lazy' | 'split' | 'hybrid';
  /** DeDrift split: share of K taken as the largest clusters B1 (paper 8 of 4096). */
  dedriftShare: number;
  /** Ada-IVF local indicator f = α·T·(β f_s + (1−β) f_d) > τ_f. */
  alpha: number;
  beta: number;
  tauF: number;
  /** Ada-IVF global indicator G = γ|σ−σ0|/σ0 + (1−γ)|ε−ε'|/ε' > τ_G triggers a rebuild. */
  gamma: number;
  tauG: number;
  /** Temperature: ×(1 + η·d0/d) when probed, ×(1 − ν) (floor 1) otherwise, per query. */
  eta: number;
  nu: number;
}

export interface MaintenanceContext {
  engine: ClusterEngine;
  params: PolicyParams;
}

export interface BatchChange {
  inserted: Int32Array;
  insertedDelta: BatchDelta;
  deletedDelta: BatchDelta;
  deleted: number;
}

export type EventKind = 'rebuild' | 'split' | 'merge' | 'recluster' | 'means' | 'dedrift-split';

export interface MaintenanceEvent {
  kind: EventKind;
  /** Partitions removed or re-formed by the action. */
  partitions: number;
  /** Vectors the action re-clustered or reassigned. */
  vectors: number;
}

export interface MaintenancePolicy {
  id: PolicyId;
  label: string;
  /** True when the policy reads partition temperatures, so query batches must report their probes. */
  usesReadTemperatures?: boolean;
  /** Called after the initial build, before the first batch. */
  start?(index: IvfIndex): void;
  /** Called after each batch's inserts were routed and deletes applied. */
  afterBatch(index: IvfIndex, change: BatchChange, ctx: MaintenanceContext): Promise<MaintenanceEvent[]>;
}

/** Partition count for n live vectors at target size τ_s. */
export function partitionsFor(n: number, targetSize: number): number {
  return Math.max(1, Math.min(n, Math.round(n / targetSize)));
}

/**
 * Distance evaluations one full rebuild of `vectors` live vectors is counted at (CountingEngine's
 * rule for its one k-means call: k-means++ seeding plus ι_r + 1 passes, unbalanced), so a replay
 * can say how much of a policy's update work its rebuilds were.
 */
export function rebuildEvaluations(vectors: number, params: Pick<PolicyParams, 'targetSize' | 'rebuildIters'>): number {
  if (vectors <= 0) return 0;
  const K = partitionsFor(vectors, params.targetSize);
  return seedingEvaluations(vectors, K) + (params.rebuildIters + 1) * vectors * K;
}

/** Full k-means over every live vector with K = n / τ_s, replacing all partitions. */
export async function rebuildIndex(index: IvfIndex, ctx: MaintenanceContext): Promise<MaintenanceEvent> {
  const ids = index.liveIds();
  const before = index.size;
  if (ids.length === 0) return { kind: 'rebuild', partitions: before, vectors: 0 };
  const K = partitionsFor(ids.length, ctx.params.targetSize);
  const r = await ctx.engine.kmeans(ids, K, ctx.params.rebuildIters, 0);
  index.resetTo(r.centroids, ids, r.assign);
  return { kind: 'rebuild', partitions: before, vectors: ids.length };
}

/** Counts updates since the last reset and says when they reach a share of the live vectors. */
export class ChangeCounter {
  private changed = 0;
  add(change: BatchChange): void {
    this.changed += change.inserted.length + change.deleted;
  }
  due(live: number, fraction: number): boolean {
    return this.changed >= fraction * Math.max(1, live);
  }
  reset(): void {
    this.changed = 0;
  }
}

export const frozenPolicy = (): MaintenancePolicy => ({
  id: 'frozen',
  label: 'Frozen',
  async afterBatch() {
    return [];
  },
});

export const updatePolicy = (): MaintenancePolicy => ({
  id: 'update',
  label: 'Update',
  async afterBatch(index, change) {
    index.applyRunningMeans(change.insertedDelta, change.deletedDelta);
    return [];
  },
});

export function rebuildPolicy(): MaintenancePolicy {
  const counter = new ChangeCounter();
  return {
    id: 'rebuild',
    label: 'Rebuild',
    async afterBatch(index, change, ctx) {
      counter.add(change);
      if (!counter.due(index.live, ctx.params.rebuildFraction)) return [];
      counter.reset();
      return [await rebuildIndex(index, ctx)];
    },
  };
}
