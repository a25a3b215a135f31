// The paper's headline numbers, the reproduction records for its LLaMA-7B latency setup, and the
// table that puts ours beside them. The paper's latency figures (Fig. 12) separate time to first
// token (1.73×, clustering included) from time to next token (up to 5×, clustering excluded).
import type { Claim, Reproduction, Table } from '../types';

export const chaiClaims: Claim[] = [
  {
    text: 'K,V-cache memory reduction for LLaMA-7B, no fine-tuning ("up to")',
    value: 21.4,
    unit: '%',
    where: 'Fig. 11',
  },
  {
    text: 'Time to first token, LLaMA-7B at sequence length 2048, clustering included ("up to")',
    value: 1.73,
    unit: '×',
    where: 'Fig. 12a',
  },
  {
    text: 'Time to next token, LLaMA-7B at sequence length 2048, clustering excluded ("up to")',
    value: 5,
    unit: '×',
    where: 'Fig. 12b',
  },
  {
    text: 'Accuracy deviation at most 3.2% (OPT-66B, LLaMA-7B, LLaMA-33B on PIQA, HellaSwag, ARC-Challenge, ARC-Easy, BoolQ)',
    value: 3.2,
    unit: '%',
    where: 'abstract; Tables 1–3',
  },
];

export const [kvSavingClaim, firstTokenClaim, nextTokenClaim, accuracyClaim] = chaiClaims as [
  Claim,
  Claim,
  Claim,
  Claim,
];

/** Tolerances the app states: an exact count of the released config, and a cost model against measured maxima. */
export const KV_TOLERANCE = 0.05;
export const LATENCY_TOLERANCE = 0.2;

export interface OursBesidePaper {
  /** K,V saving of the released configs, as fractions (exact counts). */
  kv7b: number;
  kv33b: number;
  firstTokenSpeedup: number;
  nextTokenSpeedup: number;
  layerSpeedup: number;
  targetName: string;
  /** Relative L2 output deviation at k on the synthetic model (f64 CPU), from a run. */
  deviation?: number;
}

export function paperComparison(o: OursBesidePaper): Table {
  return {
    id: 'paper-vs-ours',
    title: 'Paper vs ours',
    columns: [
      { key: 'claim', label: 'Quantity', type: 'string', provenance: 'paper' },
      { key: 'where', label: 'Where in the paper', type: 'string', provenance: 'paper' },
      { key: 'paper', label: 'Paper', type: 'number', provenance: 'paper' },
      { key: 'modeled', label: 'Ours, modeled', type: 'number', provenance: 'modeled' },
      { key: 'computed', label: 'Ours, computed', type: 'number', provenance: 'computed' },
    ],
    rows: [
      ['K,V saving, LLaMA-7B (%)', kvSavingClaim.where, 21.4, null, 100 * o.kv7b],
      ['K,V saving, LLaMA-33B (%)', '—', null, null, 100 * o.kv33b],
      ['Time to first token (×)', firstTokenClaim.where, 1.73, o.firstTokenSpeedup, null],
      ['Time to next token (×)', nextTokenClaim.where, 5, o.nextTokenSpeedup, null],
      ['One clustered layer (×)', '—', null, o.layerSpeedup, null],
      ['Accuracy change (%)', accuracyClaim.where, 3.2, null, o.deviation ?? null],
    ],
    note:
      `Latency rows are for ${o.targetName}; the paper measured LLaMA-7B on a V100 at sequence length 2048 and prints no LLaMA-33B latency or memory figure. ` +
      'K,V saving = Σ_l (H − k_l)/(2·L·H) from the released per-layer k (an exact count). The paper does not say which configuration gives 21.4 %. ' +
      'Accuracy: the paper measures task accuracy (at most 3.2 % off across its models and tasks); ours is the relative L2 change of one attention output on the synthetic model, not the same quantity. ' +
      "Time to first token (clustering included) models the prompt's prefill, with Q·Kᵀ of k_l heads in the clustered layers, plus one clustering call per clustered layer; time to next token (clustering excluded) models one memory-bound decode step.",
  };
}

export interface LatencyFacts {
  targetName: string;
  context: number;
  firstToken: {
    speedup: number;
    skippableShare: number;
    clusteringMs: number;
    baselineMs: number;
    clusteredLayers: number;
    msPerLayer: number;
  };
  nextToken: { speedup: number; weightsGB: number; kvGB: number; savedGB: number; bound: number };
  kvSaving: number;
}

const f = (x: number, digits = 2) => Number(x.toPrecision(digits + 1)).toString();

/** Reproduction records for the LLaMA-7B latency preset; causes name what decides each gap. */
export function chaiReproductions(x: LatencyFacts): Reproduction[] {
  const ft = x.firstToken;
  const nt = x.nextToken;
  return [
    {
      key: 'kv-saving',
      claim: 'K,V-cache saving, LLaMA-7B (released per-layer cluster counts)',
      where: kvSavingClaim.where,
      paper: kvSavingClaim.value!,
      ours: 100 * x.kvSaving,
      unit: '%',
      oursProvenance: 'computed',
      tolerance: KV_TOLERANCE,
      cause:
        'The released LLaMA-7B configuration (k = 4 in layers 18–31, all 32 heads elsewhere) saves exactly this share; the paper does not say which configuration gives its 21.4 %.',
    },
    {
      key: 'time-to-first-token',
      claim: `Time-to-first-token speedup, LLaMA-7B, ${x.context} tokens, clustering included (${x.targetName})`,
      where: firstTokenClaim.where,
      paper: firstTokenClaim.value!,
      ours: ft.speedup,
      unit: '×',
      oursProvenance: 'modeled',
      tolerance: LATENCY_TOLERANCE,
      cause:
        `In a ${x.context}-token prefill the Q·Kᵀ products CHAI skips are ${f(100 * ft.skippableShare)} % of the FLOPs (the weights' matrix products dominate), ` +
        `so skipping them cannot speed up the prompt by more than ${f(1 / (1 - ft.skippableShare), 3)}×; clustering adds ${ft.clusteredLayers} layers × ${f(ft.msPerLayer)} ms (assumed) against a ${f(ft.baselineMs, 3)} ms prefill. ` +
        "The paper's figure gives no breakdown of its measured times, so what else its implementation saves cannot be identified here.",
    },
    {
      key: 'time-to-next-token',
      claim: `Time-to-next-token speedup, LLaMA-7B, context ${x.context}, clustering excluded (${x.targetName})`,
      where: nextTokenClaim.where,
      paper: nextTokenClaim.value!,
      ours: nt.speedup,
      unit: '×',
      oursProvenance: 'modeled',
      tolerance: LATENCY_TOLERANCE,
      cause:
        `A decode step reads all weights (${f(nt.weightsGB)} GB) and the K,V cache (${f(nt.kvGB)} GB); the released configuration skips ${f(nt.savedGB)} GB of K reads. ` +
        `Even when the K,V reads dominate (any batch or context), V is still read for every head, so no memory-bound step can go faster than ${f(nt.bound, 3)}× with this configuration. ` +
        "The paper's 5× therefore cannot come from the smaller K reads alone; its figure gives no breakdown of the measured times.",
    },
  ];
}
