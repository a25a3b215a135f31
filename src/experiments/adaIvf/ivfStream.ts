// Replaying an update stream against an IVF index: the initial build (k-means with K0 = n0 / τ_s)
// and one batch (deletes, then inserts routed to their nearest centroid by the engine, then the
// policy's maintenance). Shared by the experiment (GPU engine, timed) and the tests (CPU engine).
import type { ClusterEngine } from './ivfEngine';
import { IvfIndex } from './ivfIndex';
import {
  partitionsFor,
  type BatchChange,
  type MaintenanceContext,
  type MaintenanceEvent,
  type MaintenancePolicy,
  type PolicyParams,
} from './ivfPolicy';

export interface StreamBatch {
  insertStart: number;
  insertEnd: number;
  deletes: Int32Array;
}

export async function buildInitialIndex(
  data: Float32Array,
  d: number,
  initial: number,
  engine: ClusterEngine,
  params: PolicyParams,
): Promise<IvfIndex> {
  const index = new IvfIndex(data, d);
  const ids = Int32Array.from({ length: initial }, (_, i) => i);
  const r = await engine.kmeans(ids, partitionsFor(initial, params.targetSize), params.rebuildIters, 0);
  index.resetTo(r.centroids, ids, r.assign);
  return index;
}

/** Applies the batch's deletes and inserts (routing inserts on the current centroids). */
export async function applyUpdates(index: IvfIndex, batch: StreamBatch, engine: ClusterEngine): Promise<BatchChange> {
  const deletedDelta = index.remove(batch.deletes);
  const inserted = Int32Array.from({ length: batch.insertEnd - batch.insertStart }, (_, i) => batch.insertStart + i);
  const parts = inserted.length ? await engine.assign(inserted, index.centroidMatrix()) : new Int32Array(0);
  const insertedDelta = index.insert(inserted, parts);
  return { inserted, insertedDelta, deletedDelta, deleted: batch.deletes.length };
}

export async function runBatch(
  index: IvfIndex,
  batch: StreamBatch,
  policy: MaintenancePolicy,
  ctx: MaintenanceContext,
): Promise<MaintenanceEvent[]> {
  const change = await applyUpdates(index, batch, ctx.engine);
  return policy.afterBatch(index, change, ctx);
}
