// The numbers Bagpipe prints (as recorded in our notes, NOTES-2 §4 and TABLES.md §7), and the table
// that puts this model's numbers beside them. Only printed numbers get a paper column; the per-model
// speedup bars (Fig. 9), hit-rate and breakdown figures are not in our notes, so they are not invented.
import type { Cell, Claim, Reproduction, Table } from '../types';

export const bagpipeClaims: Claim[] = [
  {
    text: 'Embedding access plus synchronisation take 75 % of iteration time',
    value: 75,
    unit: '%',
    where: 'abstract (final version)',
  },
  { text: '1 % of embeddings take more than 92 % of accesses', value: 92, unit: '%', where: 'abstract' },
  {
    text: 'Up to 5.6× speedup over the baselines (3 data sets, 4 models)',
    value: 5.6,
    unit: '×',
    where: 'abstract (final version)',
  },
  { text: 'Up to 6.2× speedup with 2 models', value: 6.2, unit: '×', where: 'arXiv v1 abstract' },
  {
    text: 'The same convergence guarantees as synchronous training',
    where: 'abstract',
  },
];

export interface OursVsPaper {
  /** What the lookahead-1 compute would have to be for the paper's 75 % share (modeled). */
  shareFix?: { computeMs: number; computeMsFor75: number; efficiency: number; efficiencyFor75?: number };
  /** (embedding access + sync) / iteration, %, of the artifact's baseline (lookahead 1) and of PS-style no cache. */
  shareLa1: number;
  shareNone: number;
  /** Pooled share of the top 1 % of rows, %. */
  top1Share: number;
  calibrated: boolean;
  /** Largest modeled Bagpipe speedup on the model × data-set grid, and where (assumed: on a data set whose sizes we assume). */
  maxOverLa1: { value: number; where: string; assumed?: boolean };
  /** The live workload's table sizes are our assumption (Criteo Terabyte), not the paper's. */
  assumedWorkload?: boolean;
  maxOverNone: { value: number; where: string };
}

const GAP_SPEEDUP =
  'The paper does not say which model and data set give 5.6× (Fig. 9’s values are not printed in its text). The artifact runs its baselines ' +
  'with the gloo all-reduce backend and Bagpipe with NCCL (run_trainers_*_baseline.sh vs run_trainers_dlrm.sh), over PyTorch RPC; ' +
  'our α–β model gives every policy the same ideal links, so its baselines are faster and the speedups smaller.';

const SHARE_WHY =
  'Ours rests on assumed compute (V100 efficiency, fixed step time) against ideal α–β transfers; the paper measured PyTorch RPC and all-reduce runs whose compute and overheads are not published.';

/** Stated tolerances: ±20 % on the time share, ±25 % on the largest speedup (its model and data set are not named). */
export const SHARE_TOLERANCE = 0.2;
export const SPEEDUP_TOLERANCE = 0.25;

/**
 * The two headline numbers this model can reproduce (the 92 % skew is an input of the generator,
 * not a result, so it is not one of them), against the artifact's baseline (lookahead 1).
 */
export function bagpipeReproductions(o: OursVsPaper): Reproduction[] {
  const records: Reproduction[] = [
    {
      key: 'embedding-share',
      claim: 'Embedding access + synchronisation, share of an iteration (lookahead-1 baseline)',
      where: 'abstract',
      paper: 75,
      ours: o.shareLa1,
      unit: '%',
      oursProvenance: 'modeled',
      tolerance: SHARE_TOLERANCE,
      cause: shareCause(o),
      ...(o.assumedWorkload ? { basis: 'assumed-workload' as const } : {}),
    },
    {
      key: 'max-speedup',
      claim: `Largest Bagpipe speedup over lookahead 1 (ours at ${o.maxOverLa1.where})`,
      where: 'abstract ("up to 5.6×")',
      paper: 5.6,
      ours: o.maxOverLa1.value,
      unit: '×',
      oursProvenance: 'modeled',
      tolerance: SPEEDUP_TOLERANCE,
      cause: GAP_SPEEDUP,
      ...(o.maxOverLa1.assumed ? { basis: 'assumed-workload' as const } : {}),
    },
  ];
  // No grid row fits the cache (NaN): there is no modeled speedup to set beside the paper's.
  return Number.isNaN(o.maxOverLa1.value) ? records.filter((r) => r.key !== 'max-speedup') : records;
}

/**
 * Why our share differs, with the direction: a share above 75 % means our compute per iteration
 * is short next to the embedding traffic; the record names the compute time (and the V100
 * efficiency) at which lookahead 1 would spend 75 %.
 */
function shareCause(o: OursVsPaper): string {
  const f = o.shareFix;
  if (!f) return SHARE_WHY;
  const ms = (x: number) => (x >= 10 ? x.toFixed(0) : x.toPrecision(2));
  const direction = o.shareLa1 > 75 ? 'higher' : 'lower';
  const eff =
    f.efficiencyFor75 !== undefined && f.efficiencyFor75 > 0
      ? ` (a V100 efficiency of about ${(100 * f.efficiencyFor75).toPrecision(2)} % instead of the assumed ${(100 * f.efficiency).toPrecision(2)} %)`
      : ' (more than the step overhead alone gives: no efficiency reaches it)';
  return (
    `Ours is ${direction} than the paper's because the modeled compute per iteration (${ms(f.computeMs)} ms, from the assumed ` +
    `V100 efficiency and step overhead) is ${direction === 'higher' ? 'short' : 'long'} next to the modeled embedding traffic over ideal α–β links. ` +
    `Lookahead 1 would spend 75 % on embeddings and sync at ${ms(f.computeMsFor75)} ms of compute per iteration${eff}; ` +
    'the paper measured PyTorch RPC and all-reduce runs whose compute and overheads are not published.'
  );
}

export function paperComparison(o: OursVsPaper): Table {
  const diff = (ours: number, paper: number) => (100 * (ours - paper)) / paper;
  // Ours, its deviation from 5.6× and the reason; blanks when no configuration fits the cache (NaN).
  const fitting = (ours: number, why: string): Cell[] =>
    Number.isNaN(ours)
      ? [null, null, 'No data set fits the cache at this lookahead, so no speedup is modeled: raise C or lower L.']
      : [ours, diff(ours, 5.6), why];
  const shareWhy = SHARE_WHY;
  return {
    id: 'paper-vs-ours',
    title: "Bagpipe's printed numbers beside this model's",
    columns: [
      { key: 'quantity', label: 'Quantity', type: 'string', provenance: 'paper' },
      { key: 'where', label: 'Where', type: 'string', provenance: 'paper' },
      { key: 'paper', label: 'Paper', type: 'number', provenance: 'paper' },
      { key: 'ours', label: 'Ours', type: 'number', provenance: 'modeled' },
      { key: 'difference', label: 'Difference', unit: '%', type: 'number', provenance: 'modeled' },
      { key: 'why', label: 'Why they differ', type: 'string', provenance: 'modeled' },
    ],
    rows: [
      [
        "Embedding access + sync, % of an iteration of the artifact's baseline (lookahead 1)",
        'abstract',
        75,
        o.shareLa1,
        diff(o.shareLa1, 75),
        shareWhy,
      ],
      [
        'Embedding access + sync, % of a parameter-server-style no-cache iteration',
        'abstract',
        75,
        o.shareNone,
        diff(o.shareNone, 75),
        shareWhy,
      ],
      [
        'Accesses to the top 1 % of rows, %',
        'abstract ("more than 92 %")',
        92,
        o.top1Share,
        diff(o.top1Share, 92),
        o.calibrated
          ? 'Calibrated to this value (the generator is solved for it), so it is an input, not a reproduction.'
          : 'Set by the exponent slider (or uniform access).',
      ],
      [
        `Largest Bagpipe speedup over the artifact's baseline, lookahead 1 (ours: ${o.maxOverLa1.where})`,
        'abstract ("up to 5.6×")',
        5.6,
        ...fitting(o.maxOverLa1.value, GAP_SPEEDUP),
      ],
      [
        `Largest Bagpipe speedup over PS-style no cache (ours: ${o.maxOverNone.where})`,
        'abstract ("up to 5.6×")',
        5.6,
        ...fitting(
          o.maxOverNone.value,
          'Our parameter-server baseline (each trainer pulls only its shard, the server sums gradients) is not one the paper ran: ' +
            'it needs no embedding all-reduce, so it is much faster than lookahead 1.',
        ),
      ],
    ],
    note: "The speedup grid covers all three data sets; Criteo Terabyte's table sizes are the DLRM reference's (our assumption: Bagpipe does not print them).",
  };
}
