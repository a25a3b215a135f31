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
 * τ_f per workload, chosen on the paper's sweep grid (the paper tunes τ_f per workload but prints
 * neither its values nor its rule). Our rule, which does not look at the paper's results: among the grid values at which Ada-IVF's own maintenance acts in the stream of every
 * seed 42–44 (at least one local re-clustering or global rebuild), keep the one with the lowest
 * mean update work whose search throughput, averaged over the seeds, is at least 0.9× LIRE's (the
 * ±10 % stated for Table 3's search cells). A τ_f at which Ada-IVF never acts would measure
 * Frozen's routing under Ada-IVF's name, so the laziest values do not qualify. Exact CPU replays
 * (the README lists the sweep; values below 0.1 only add violators):
 *  - Internal-like: τ_f = 1 acts at every seed (1 / 2 / 1 local re-clusterings) with search
 *    0.90 / 0.97 / 0.99× LIRE's; 2 and 5 never act; 0.1 re-clusters every batch at 520–590× LIRE's
 *    work. → τ_f = 1.
 *  - BigANN-SS-like: τ_f = 1 acts (4 / 6 / 7) but its search averages 0.86× LIRE's; 2 and 5 act only
 *    at seed 44 (two global rebuilds); 0.1 re-clusters every batch with search 1.06–1.28× LIRE's at
 *    410–460× LIRE's work. → τ_f = 0.1, the only qualifying value, however expensive.
 * α = 1 and β = 0.5 are kept (only α·β/τ_f and β's split between size and drift matter).
 */
export const TUNED_TAU_F = { internal: 1, bigann: 0.1 } as const;
