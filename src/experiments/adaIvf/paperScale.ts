// The paper's setup (Ada-IVF §5, Tables 2–3) and how each number is scaled to a stream of a few
// thousand vectors. Every preset value that stands for a paper parameter is computed here from
// the paper's value, so the derivation is visible in one place (and listed in the README).

/** The paper's parameters, as printed (§5.1 and Table 2). */
export const PAPER = {
  /** Target partition size τ_s, for every method. */
  targetSize: 1000,
  /** LIRE merges below 500 and splits above 2000 vectors. */
  lireMin: 500,
  lireMax: 2000,
  /** Reindexing radius r_c: neighbouring partitions pulled into a local re-clustering. */
  neighbours: 25,
  /** Rebuild fires after 2.5 % of the vectors were modified. */
  rebuildFraction: 0.025,
  /** The τ_f values the paper sweeps; it tunes τ_f per workload. */
  tauFGrid: [0, 1e-4, 1e-3, 1e-2, 0.1, 1, 2, 5],
  /** Table 2: Internal trace (MSTuring10M): update size ≈ 2 %, r_rw = 10, r_id ≈ 5. */
  internal: { vectors: 10e6, updateShare: 0.02, readWriteRatio: 10, insertsPerDelete: 5 },
  /** Table 2: BigANN-SS (30M MSTuring): batches of 10k–250k from one cluster, r_rw = 0.01, r_id ≈ 2. */
  bigann: { vectors: 30e6, readWriteRatio: 0.01, insertsPerDelete: 2 },
  /** §2: 15 % of the internal trace's partitions are read in a day. */
  readShare: 0.15,
} as const;

/**
 * The one scale choice: τ_s = 1000 → 50, so a few thousand vectors form tens of partitions
 * (K = n / τ_s ≈ 30–60), enough for local re-clustering and LIRE's neighbourhoods to differ from
 * a rebuild. Everything below keeps the paper's ratio to τ_s or to the index size.
 */
export const SCALED_TARGET_SIZE = 50;

/** LIRE's limits as multiples of τ_s: 500 / 1000 = 0.5 and 2000 / 1000 = 2 (exact). */
export const SCALED_LIRE_MIN = PAPER.lireMin / PAPER.targetSize;
export const SCALED_LIRE_MAX = PAPER.lireMax / PAPER.targetSize;

/**
 * r_c = 25 is 0.25 % of Internal's ~10,000 partitions and 2.5 % of SIFT1M's 1000. At our 30–60
 * partitions any of those shares rounds to one neighbour; 2 is the smallest neighbourhood that
 * reaches past a single neighbour, and it keeps r_c a small share of K (3–7 %) as in the paper.
 */
export const SCALED_NEIGHBOURS = 2;

/** Deletes per batch as a share of the batch, from inserts per delete r_id: 1 / (1 + r_id). */
export const deleteShare = (insertsPerDelete: number): number => 1 / (1 + insertsPerDelete);

/** Internal: batches of 2 % of the index, rounded to whole vectors. */
export const internalBatch = (initialVectors: number): number =>
  Math.round(PAPER.internal.updateShare * initialVectors);

/**
 * "Each batch drawn from one cluster" (BigANN-SS) and "mainly one partition" (Internal): each
 * batch inserts from one of the G mixture components, i.e. CSF = 1 / G.
 */
export const oneGroupCsf = (components: number): number => 1 / components;

/**
 * τ_f per workload, tuned as the paper does (it tunes τ_f per workload on its sweep grid). We
 * replayed the grid values 0.1, 1, 2 and 5 on each preset (the README lists the sweep; values
 * below 0.1 only add violators, and 0.1 already re-clusters every batch at 400–600× LIRE's work)
 * and keep the value with the lowest update work whose search work stays within 10 % of LIRE's
 * (the tolerance stated for Table 3's search cells); where no affordable value meets that, the
 * value no other affordable one beats on both search and work. Both presets land on τ_f = 2:
 * Internal-like by the first rule (0.53× LIRE's work at 0.92× its search; τ_f = 1: 0.55× at
 * 0.90×), BigANN-SS-like by the second (0.40× at 0.84×; τ_f = 1: 1.06× at 0.83×). α = 1 and
 * β = 0.5 are kept (only α·β/τ_f and β's split between size and drift matter).
 */
export const TUNED_TAU_F = { internal: 2, bigann: 2 } as const;
