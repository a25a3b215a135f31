// The paper's headline numbers against ours, as reproduction records (src/core/reproduction.ts):
// the law fits' test MSE and R² on the 76 runs (computed from the paper's own data, so they must
// round to the paper's printed digits), and the modeled A100 decode latency of Morph-1B and Open-LM-1B and
// their ratio (a two-term model, so a looser tolerance, with the cause when it is off). Latency
// records appear only on the paper's setup (A100, 256 output tokens): elsewhere there is no paper
// number to compare with.
import { judgeReproduction, type Reproduction } from '../../core';
import { evaluateLaw, type LawKind } from './lawFit';
import { modeledDecodeLatency, paperFits, type LayerCost } from './model';
import { FIT_WHERE, LATENCY_WHERE, PAPER_FIT_STATS, PAPER_LATENCY_S, type FitKey } from './paperClaims';
import { PAPER_POINTS } from './paperData';
import type { GpuModel } from '../../sim/hardware';

/**
 * The main fits' MSE and R²: the paper prints 4 decimals, so ours must round to the same digits —
 * a tolerance of half a unit in the last printed place, relative to the printed value (±8 % on
 * MSE 0.0006, ±0.005 % on R² 0.9982). Both sides score the same 76 points.
 */
export function printedDigitsTolerance(printed: number, decimals: number): number {
  return (0.5 * 10 ** -decimals) / Math.abs(printed);
}
/**
 * The 20N-only ablation fits are ill-posed (no over-trained point pins the token term), so the
 * optimum sits in a flat valley and its statistics depend on where each optimiser stops: ±10 %.
 */
export const ABLATION_TOLERANCE = 0.1;
/**
 * Modeled latency ratio: ±15 %. The model is weight bytes at the datasheet bandwidth plus a
 * per-layer fixed cost; the ratio cancels most of the bandwidth term's error, not the per-layer
 * cost's (an estimate unless a GPU run calibrates it).
 */
export const RATIO_TOLERANCE = 0.15;
/** Modeled absolute latencies: ±15 % as well, with the datasheet bandwidth as the known bias. */
export const LATENCY_TOLERANCE = 0.15;

const FITS: { key: FitKey; kind: LawKind; name: string; ablation: boolean }[] = [
  { key: 'inferenceAwareMain', kind: 'inferenceAware', name: 'Inference-aware law', ablation: false },
  { key: 'chinchillaMain', kind: 'chinchilla', name: 'Chinchilla law', ablation: false },
  { key: 'inferenceAware20N', kind: 'inferenceAware', name: 'Inference-aware law, 20N-only fit', ablation: true },
  { key: 'chinchilla20N', kind: 'chinchilla', name: 'Chinchilla law, 20N-only fit', ablation: true },
];

let fitRecords: Reproduction[] | undefined;

/** MSE and R² of the four fits on the 76 runs vs the printed values (computed once). */
export function fitReproductions(): Reproduction[] {
  if (fitRecords) return fitRecords;
  const fits = paperFits();
  fitRecords = FITS.flatMap((f) => {
    const s = evaluateLaw(f.kind, fits[f.key].params, PAPER_POINTS, { roundDecimals: 4 });
    const paper = PAPER_FIT_STATS[f.key];
    const where = f.ablation ? `no-over-training ablation; ${FIT_WHERE}` : FIT_WHERE;
    const cause = f.ablation
      ? 'Fitted without any over-trained run, the law is poorly determined: many parameter sets fit the 24 points about equally, and which one an optimiser stops at moves the test statistics.'
      : undefined;
    const records: Reproduction[] = [
      {
        key: `${f.key}-mse`,
        claim: `${f.name}: test MSE on the 76 runs`,
        where,
        paper: paper.mse,
        ours: s.mse,
        oursProvenance: 'computed',
        tolerance: f.ablation ? ABLATION_TOLERANCE : printedDigitsTolerance(paper.mse, paper.decimals),
      },
      {
        key: `${f.key}-r2`,
        claim: `${f.name}: test R² on the 76 runs`,
        where,
        paper: paper.r2,
        ours: s.r2,
        oursProvenance: 'computed',
        tolerance: f.ablation ? ABLATION_TOLERANCE : printedDigitsTolerance(paper.r2, paper.decimals),
      },
    ];
    return records.map((r) =>
      withCause(r, cause ?? 'Same data, same scoring: the remaining gap is where the optimiser stopped.'),
    );
  });
  return fitRecords;
}

/** Keeps the cause only where it is needed (off) or where the agreement rests on an assumption. */
function withCause(r: Reproduction, cause: string, always = false): Reproduction {
  return always || judgeReproduction(r).status === 'off' ? { ...r, cause } : r;
}

/** Modeled A100 latencies of Morph-1B and Open-LM-1B and their ratio vs the published ones. */
export function latencyReproductions(gpu: GpuModel, cost: LayerCost, outputTokens: number): Reproduction[] {
  if (gpu.id !== 'a100-40gb' || outputTokens !== 256) return [];
  const morph = modeledDecodeLatency(3072, 12, gpu, cost.ms, outputTokens).totalS;
  const open = modeledDecodeLatency(2048, 24, gpu, cost.ms, outputTokens).totalS;
  const costWords =
    cost.provenance === 'measured'
      ? `the per-layer cost measured on this device (${cost.ms.toFixed(3)} ms), which need not match an A100 running PyTorch`
      : `a stated per-layer cost of ${cost.ms} ms (an estimate of PyTorch's per-layer dispatch work, not measured on an A100)`;
  const latencyCause =
    `The model reads the weights at the A100's datasheet bandwidth (${gpu.memBandwidthGBs} GB/s; decode reaches less) and adds ${costWords}; ` +
    'per-step work outside the layers (sampling, the generation loop) is left out, so it runs fast.';
  return [
    withCause(
      {
        key: 'latency-ratio',
        claim: 'Open-LM-1B / Morph-1B decode latency, A100, batch 1, 256 tokens',
        where: `abstract (1.8×); the latency table gives ${PAPER_LATENCY_S.openLm1b} s / ${PAPER_LATENCY_S.morph1b} s`,
        paper: 1.8,
        ours: open / morph,
        unit: '×',
        oursProvenance: 'modeled',
        tolerance: RATIO_TOLERANCE,
      },
      `Only depth separates the two shapes' latencies beyond their weight bytes, so the ratio rests on ${costWords}.`,
      true,
    ),
    withCause(
      {
        key: 'latency-morph',
        claim: 'Morph-1B (3072×12) decode latency, 256 tokens',
        where: LATENCY_WHERE,
        paper: PAPER_LATENCY_S.morph1b,
        ours: morph,
        unit: ' s',
        oursProvenance: 'modeled',
        tolerance: LATENCY_TOLERANCE,
      },
      latencyCause,
    ),
    withCause(
      {
        key: 'latency-open-lm',
        claim: 'Open-LM-1B (2048×24) decode latency, 256 tokens',
        where: LATENCY_WHERE,
        paper: PAPER_LATENCY_S.openLm1b,
        ours: open,
        unit: ' s',
        oursProvenance: 'modeled',
        tolerance: LATENCY_TOLERANCE,
      },
      latencyCause,
    ),
  ];
}
