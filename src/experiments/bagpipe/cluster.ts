// The paper's cluster, modeled: N data-parallel trainers (p3.2xlarge: one V100 each) and the
// embedding server + Oracle Cacher (c5.18xlarge), from per-iteration row counts of each policy.
// Every transfer is latency + bytes / bandwidth (the α–β model of src/sim/links.ts):
//   server exchange of F rows (all trainers)   rpc + max(F·row / server BW, F/N·row / trainer BW)
//   ring all-reduce of b bytes                 2(N − 1)·(α + b / N / trainer BW)
//   TorchRec-style sharding (tables split over the trainers' GPUs, no server): two all-to-alls of
//   pooled embeddings per iteration, (N − 1)/N of E/N · T · d floats each way per trainer.
// Critical path per policy (what the trainers wait for every iteration):
//   no cache       fetch own shard's rows → compute → push gradients          (+ dense all-reduce)
//   lookahead 1    fetch the batch's rows → compute → all-reduce them → one trainer writes back
//   LRU            fetch misses on demand → compute → all-reduce the batch's rows; evictions
//                  are written back in the background
//   FAE            hot batches: compute + all-reduce of hot rows; cold batches like no cache;
//                  phase switches sync hot rows (all averaged per iteration)
//   Bagpipe        compute → all-reduce sync_now rows; sync_later's all-reduce overlaps the next
//                  iteration's compute; prefetch and write-back run in the background. The
//                  iteration is the longest of: that critical path, the background transfers, and
//                  the Oracle Cacher's bookkeeping per batch (it must keep ahead).
// Dense gradients are all-reduced every iteration; with "overlap" on, only the part longer than
// the backward pass (2/3 of compute) is exposed, as PyTorch DDP overlaps them.
import type { Link } from '../../sim/links';
import type { DenseModel } from './denseModels';
import type { PolicyCounts, PolicyKey } from './policyTypes';
import { POLICY_LABELS } from './policyTypes';

/** NVIDIA V100 SXM2 16 GB datasheet (p3.2xlarge's GPU): FP32 peak, memory. */
export const V100 = { name: 'V100 SXM2 16 GB', fp32Tflops: 15.7, memoryGB: 16 } as const;

export interface ClusterSpec {
  trainers: number;
  examplesPerBatch: number;
  tables: number;
  totalRows: number;
  embDim: number;
  model: DenseModel;
  computeEfficiency: number;
  stepOverheadMs: number;
  trainerLink: Link;
  serverLink: Link;
  rpcMs: number;
  overlapDense: boolean;
  cacherIdsPerSecond: number;
}

export type ClusterRowKey = Exclude<PolicyKey, 'belady'> | 'torchrec';

export interface Iteration {
  key: ClusterRowKey;
  label: string;
  computeMs: number;
  /** Embedding fetches and write-backs the trainers wait for. */
  embeddingMs: number;
  /** All-reduces the trainers wait for (dense gradients, embedding rows). */
  syncMs: number;
  /** Transfers that run beside training (prefetch, write-back, asynchronous evictions). */
  backgroundMs: number;
  /** Oracle Cacher bookkeeping per batch (Bagpipe only). */
  cacherMs: number;
  iterationMs: number;
  bound: string;
  /** Embedding bytes on the network per iteration: fetches, write-backs, all-reduce traffic. */
  embeddingBytes: number;
}

const GB = 1e9;

export function computeMs(s: ClusterSpec): number {
  const flops = 6 * s.model.macsPerExample * (s.examplesPerBatch / s.trainers); // forward + 2× backward
  return (1000 * flops) / (V100.fp32Tflops * 1e12 * s.computeEfficiency) + s.stepOverheadMs;
}

const seconds = (bytes: number, gbs: number) => (1000 * bytes) / (gbs * GB);

function ringAllReduceMs(s: ClusterSpec, bytes: number): number {
  const N = s.trainers;
  if (N <= 1 || bytes <= 0) return 0;
  return 2 * (N - 1) * (s.trainerLink.latencyUs / 1000 + seconds(bytes / N, s.trainerLink.bandwidthGBs));
}

/** Rows moved between the server and the trainers, `spread` evenly over trainers or by one. */
function exchangeMs(s: ClusterSpec, rows: number, spread: boolean): number {
  if (rows <= 0) return 0;
  const bytes = rows * s.embDim * 4;
  const perTrainer = spread ? bytes / s.trainers : bytes;
  return s.rpcMs + Math.max(seconds(bytes, s.serverLink.bandwidthGBs), seconds(perTrainer, s.trainerLink.bandwidthGBs));
}

function denseExposedMs(s: ClusterSpec, compute: number): number {
  const ar = ringAllReduceMs(s, 4 * s.model.params);
  return s.overlapDense ? Math.max(0, ar - (2 / 3) * (compute - s.stepOverheadMs)) : ar;
}

function embeddingBytes(s: ClusterSpec, c: PolicyCounts): number {
  const row = s.embDim * 4;
  return (
    (c.fetchedRows + c.writtenBackRows) * row +
    2 * Math.max(0, s.trainers - 1) * (c.allReducedNow + c.allReducedLater) * row
  );
}

function finish(
  key: ClusterRowKey,
  label: string,
  parts: Omit<Iteration, 'key' | 'label' | 'iterationMs' | 'bound' | 'embeddingBytes'>,
  bytes: number,
): Iteration {
  const critical = parts.computeMs + parts.embeddingMs + parts.syncMs;
  const iterationMs = Math.max(critical, parts.backgroundMs, parts.cacherMs);
  const bound =
    iterationMs === critical
      ? 'critical path'
      : iterationMs === parts.backgroundMs
        ? 'background transfers'
        : 'Oracle Cacher bookkeeping';
  return { key, label, ...parts, iterationMs, bound, embeddingBytes: bytes };
}

/** One iteration of a policy from its per-iteration counts (counts.batches = 1). */
export function iterationOf(s: ClusterSpec, c: PolicyCounts, lookahead: number): Iteration {
  const compute = computeMs(s);
  const dense = denseExposedMs(s, compute);
  const row = s.embDim * 4;
  const arNow = ringAllReduceMs(s, c.allReducedNow * row);
  const bytes = embeddingBytes(s, c);
  switch (c.key) {
    case 'none':
      return finish(
        c.key,
        c.label,
        {
          computeMs: compute,
          embeddingMs: exchangeMs(s, c.fetchedRows, true) + exchangeMs(s, c.writtenBackRows, true),
          syncMs: dense,
          backgroundMs: 0,
          cacherMs: 0,
        },
        bytes,
      );
    case 'la1':
      return finish(
        c.key,
        c.label,
        {
          computeMs: compute,
          embeddingMs: exchangeMs(s, c.fetchedRows, true) + exchangeMs(s, c.writtenBackRows, false),
          syncMs: dense + arNow,
          backgroundMs: 0,
          cacherMs: 0,
        },
        bytes,
      );
    case 'lru':
      return finish(
        c.key,
        c.label,
        {
          computeMs: compute,
          embeddingMs: exchangeMs(s, c.fetchedRows, true),
          syncMs: dense + arNow,
          backgroundMs: exchangeMs(s, c.writtenBackRows, true),
          cacherMs: 0,
        },
        bytes,
      );
    case 'fae':
      return finish(
        c.key,
        c.label,
        {
          computeMs: compute,
          embeddingMs: exchangeMs(s, c.fetchedRows - c.prefetchedRows, true) + exchangeMs(s, c.writtenBackRows, true),
          syncMs: dense + arNow,
          backgroundMs: 0,
          cacherMs: 0,
        },
        bytes,
      );
    case 'oracle': {
      const cacherMs = (1000 * (c.hits + c.misses)) / s.cacherIdsPerSecond;
      if (lookahead === 1) {
        // Bagpipe with lookahead 1 is its own baseline (BagCache.use_cache = False).
        const la1 = iterationOf(s, { ...c, key: 'la1' }, 1);
        return { ...la1, key: 'oracle', label: c.label };
      }
      const later = ringAllReduceMs(s, c.allReducedLater * row);
      return finish(
        c.key,
        c.label,
        {
          computeMs: compute,
          embeddingMs: 0,
          syncMs: dense + arNow + Math.max(0, later - compute),
          backgroundMs: exchangeMs(s, c.fetchedRows, true) + exchangeMs(s, c.writtenBackRows, true),
          cacherMs,
        },
        bytes,
      );
    }
    default:
      throw new Error(`no cluster model for policy ${c.key}`);
  }
}

/** TorchRec-style model-parallel embeddings: tables sharded over the trainers' GPUs. */
export function torchRecIteration(s: ClusterSpec): Iteration & { shardGB: number; fits: boolean } {
  const compute = computeMs(s);
  const N = s.trainers;
  const pooledBytes = (s.examplesPerBatch / N) * s.tables * s.embDim * 4 * ((N - 1) / N);
  const a2a =
    N > 1 ? 2 * ((N - 1) * (s.trainerLink.latencyUs / 1000) + seconds(pooledBytes, s.trainerLink.bandwidthGBs)) : 0;
  // Rows + one Adagrad accumulator per row, split evenly over the GPUs.
  const shardGB = (s.totalRows * s.embDim * 4 * 2) / N / GB;
  const it = finish(
    'torchrec',
    'TorchRec-style sharding (tables on the GPUs)',
    { computeMs: compute, embeddingMs: a2a, syncMs: denseExposedMs(s, compute), backgroundMs: 0, cacherMs: 0 },
    2 * pooledBytes * N,
  );
  return { ...it, shardGB, fits: shardGB < V100.memoryGB };
}

export const CLUSTER_LABELS: Record<ClusterRowKey, string> = {
  none: POLICY_LABELS.none,
  la1: POLICY_LABELS.la1,
  lru: POLICY_LABELS.lru,
  fae: POLICY_LABELS.fae,
  oracle: 'Bagpipe (Oracle Cacher + BagCache)',
  torchrec: 'TorchRec-style sharding (tables on the GPUs)',
};
