// The modeled part: an analytic count of the distance evaluations each policy spends per update
// batch, from the parameters alone (pure, fast, no randomness). Assumptions, stated so they can be
// checked against the counted work of a real run (same unit: one d-dimensional distance):
//  - routing: every insert is compared with all K_{t-1} centroids (all policies);
//  - K_t: Frozen, Update, DeDrift keep K0 = n0/τ_s; Rebuild rebuilds to n_t/τ_s; LIRE partitions
//    live between lireMax·τ_s/2 (fresh children) and lireMax·τ_s, mean 0.75·lireMax·τ_s; Ada-IVF's
//    cold partitions (T = 1, no drift) are re-clustered when the local indicator reaches τ_f, i.e.
//    at size s* = τ_s(1 + τ_f/(αβ)), so they live between τ_s and s*;
//  - every k-means started from a number k also pays its k-means++ seeding, min(n, 4096)·k
//    (seedingEvaluations), and the balanced variant its λ sample (≤ 256 rows × k), as counted;
//  - Rebuild: seeding + (ι_r + 1)·n_t·K_t every ⌈f·n_t / s_u⌉ batches (Lloyd iterations + final
//    assignment);
//  - LIRE: growth/(lireMax·τ_s/2) splits per batch (growth = inserts − deletes); a split =
//    balanced 2-means with ι = 0 (seeding + one assignment) on lireMax·τ_s vectors, centroid k-NN
//    over K, and the reassignment check of children + r_c neighbours against r_c + 3 centroids;
//  - Ada-IVF: the insert window (CSF·K partitions) slides over every group during the stream, so
//    each partition receives about an equal share of the net growth, growth/K per batch on
//    average, whatever CSF; a cold partition crosses the local threshold only once its own growth
//    since its last re-clustering reaches s* − τ_s, with s* = τ_s(1 + τ_f/(αβ)) — in a short
//    stream possibly never (then Ada-IVF only routes). At a crossing every partition is
//    re-clustered, one window at a time: each window's event splits its violators into ⌈s*/τ_s⌉
//    seeds (k-means), finds each seed's r_c nearest partitions (k-NN over K) and runs one balanced
//    k-means (Alg. 4) over min(n, violators + neighbours) vectors against the seeds plus the
//    neighbours' centroids; K grows ⌈s*/τ_s⌉-fold. Not modeled: partitions that shrink under
//    deletes or drift (both also violate), reads that heat partitions, and global rebuilds — each
//    makes the real Ada-IVF do more work than this;
//  - DeDrift (on Rebuild's schedule): lazy = one pass over n_t vectors (counted as n_t); split =
//    k-means with k2 ≈ 2k centroids over the k largest (≈1.5·n_t/K0 each) and k smallest clusters.
import type { ParamValues } from '../types';
import { balanceSampleRows } from '../../kernels/vector/kmeansInit';
import { seedingEvaluations } from './ivfEngine';
import { LIRE_ITERS } from './ivfLire';

export const DIGITS_INDEXED = 1617; // 1797 rows less ~10% per digit held out as queries

export interface PolicyCost {
  id: string;
  /** Distance evaluations per batch, t = 1..T. */
  perBatch: number[];
  partitions: number[];
  total: number;
  /** Modeled scan work per query at the stream's nprobe: K_t + nprobe · n_t / K_t, averaged. */
  searchWork: number;
}

export interface ModeledStream {
  T: number;
  n0: number;
  inserts: number;
  deletes: number;
  live: number[];
  policies: PolicyCost[];
}

/** Rows the balanced k-means averages λ over, times its centroids (as counted). */
const lambdaSample = (n: number, k: number): number => balanceSampleRows(Math.max(1, Math.round(n))).length * k;

export function modelStream(p: ParamValues): ModeledStream {
  const N = p.dataset === 'digits' && !p.vectorFile ? DIGITS_INDEXED : (p.vectors as number);
  const s0 = p.initialFraction as number;
  const su = p.batchSize as number;
  const dels = Math.round(su * (p.deleteFraction as number));
  const ins = Math.max(1, su - dels);
  const n0 = Math.max(1, Math.round(N * s0));
  const T = Math.max(1, Math.ceil((N - n0) / ins));
  const tau = p.targetSize as number;
  const iR = p.rebuildIters as number;
  const iL = p.localIters as number;
  const rc = p.neighbours as number;
  const frac = p.rebuildFraction as number;
  const nprobe = p.nprobe as number;
  const balanced = (p.balance as number) > 0;
  const lambda = (n: number, k: number) => (balanced ? lambdaSample(n, k) : 0);
  const K0 = Math.max(1, Math.round(n0 / tau));
  // Partitions grow by the net inserts; deletes are spread uniformly [assump].
  const growth = Math.max(0, ins - dels);
  // The last batch inserts only what is left of the stream, as the workload generator does.
  const insertsAt = (t: number) => Math.max(0, Math.min(ins, N - n0 - (t - 1) * ins));
  const live = [n0];
  for (let t = 1; t <= T; t++) live.push(Math.max(1, live[t - 1]! - Math.min(dels, live[t - 1]!) + insertsAt(t)));
  const sStar = tau * (1 + (p.tauF as number) / Math.max(1e-9, (p.alpha as number) * (p.beta as number)));
  const lireMax = (p.lireMax as number) * tau;

  const partitionsOf = (id: string, n: number): number => {
    switch (id) {
      case 'rebuild':
        return Math.max(1, Math.round(n / tau));
      case 'lire':
        return Math.max(K0, n / (0.75 * lireMax));
      default:
        return K0;
    }
  };
  const maintenance = (id: string, t: number, n: number, K: number): number => {
    const due = Math.max(1, Math.ceil((frac * n) / su));
    switch (id) {
      case 'rebuild':
        return (seedingEvaluations(n, K) + (iR + 1) * n * K) / due;
      case 'lire': {
        const splits = growth / (lireMax / 2);
        const neighbours = Math.min(rc, K - 1) * (n / K);
        const split = seedingEvaluations(lireMax, 2) + lambda(lireMax, 2) + (LIRE_ITERS + 1) * lireMax * 2;
        return splits * (split + K + (lireMax + neighbours) * (Math.min(rc, K - 1) + 3));
      }
      case 'dedrift': {
        if (t % due !== 0) return 0;
        const mode = p.dedriftMode as string;
        const k = Math.max(1, Math.round((p.dedriftShare as number) * K));
        const lazy = mode === 'split' ? 0 : n;
        const rows = k * 1.5 * (n / K) + k * 0.5 * (n / K);
        const k2 = Math.min(K, 2 * k);
        const split = mode === 'lazy' ? 0 : seedingEvaluations(rows, k2) + (iL + 1) * rows * k2;
        return lazy + split;
      }
      default:
        return 0;
    }
  };
  // Ada-IVF's state: its partition count and each partition's growth since its last re-clustering.
  const seeds = Math.ceil(sStar / tau);
  let adaK = K0;
  let adaGrown = 0;
  const adaStep = (n: number): { work: number; K: number } => {
    const K = adaK;
    adaGrown += growth / K;
    if (growth <= 0 || adaGrown < sStar - tau) return { work: 0, K };
    const group = Math.max(1, Math.round((p.csf as number) * K));
    const pulled = Math.min(Math.max(0, K - group), group * seeds * rc);
    const X = Math.min(n, group * sStar + pulled * (n / K));
    const M = group * seeds + pulled;
    const violator = seedingEvaluations(sStar, seeds) + (iL + 1) * sStar * seeds + seeds * K;
    const event = group * violator + lambda(X, M) + (iL + 1) * X * M;
    adaGrown = 0;
    adaK = Math.min(n, K * seeds);
    return { work: (K / group) * event, K: adaK };
  };
  const ids = ['frozen', 'update', 'lire', 'dedrift', 'ada-ivf', 'rebuild'];
  const policies = ids.map((id) => {
    const perBatch: number[] = [];
    const partitions = [partitionsOf(id, n0)];
    let search = 0;
    for (let t = 1; t <= T; t++) {
      const n = live[t]!;
      const routing = insertsAt(t) * partitions[t - 1]!;
      let K: number;
      let work: number;
      if (id === 'ada-ivf') ({ work, K } = adaStep(n));
      else {
        K = partitionsOf(id, n);
        work = maintenance(id, t, n, K);
      }
      perBatch.push(routing + work);
      partitions.push(K);
      search += K + Math.min(nprobe, K) * (n / K);
    }
    return { id, perBatch, partitions, total: perBatch.reduce((a, b) => a + b, 0), searchWork: search / T };
  });
  return { T, n0, inserts: ins, deletes: dels, live, policies };
}
