// Predict–rank–select, the model-shape selection of Bian, Yan & Venkataraman (arXiv 2501.18107):
// argmin over shapes of the inference-aware law's predicted loss, subject to N ≤ N_C, D ≤ D_C and
// inference latency ≤ T_C. Candidates are OpenLM-style shapes: d_model on a grid (multiples of 64),
// n_layers in a range, SwiGLU FFN 256·⌈(8d/3)/256⌉, heads of width 64 (d < 2048) or 128 (d ≥ 2048,
// the 1B family's), N counted as in paperData.paramCount. Heads do not enter N or the law; the
// paper's families fixed the head count instead (8–16; Morph-1B has 16 heads of width 192), so
// nHeads here is only a candidate-building convention. The law decreases in D, so every
// candidate is scored at D = D_C. The latency model is the caller's (measured or analytic); this
// module stays pure and allocation-light so a grid of ~10⁴ shapes ranks in a few milliseconds.
// The paper then trains the top-k and picks by downstream accuracy; that step is not modelled here.
import { predictLoss } from './lawFit';
import type { LawParams } from './lawFit';
import { ffnHidden, paramCount, VOCAB_SIZE } from './paperData';

export type LatencyFn = (dModel: number, nLayers: number) => number;

export interface SelectionBudget {
  /** N_C: largest total parameter count allowed. */
  maxParams: number;
  /** D_C: training tokens available; each candidate is scored at D = D_C. */
  tokens: number;
  /** T_C: largest inference latency allowed, in the latency function's unit (seconds). */
  maxLatency: number;
  latency: LatencyFn;
  /** Optional lower bound on N, to compare shapes of about one size. */
  minParams?: number;
}

export interface CandidateGrid {
  dModelMin: number;
  dModelMax: number;
  /** Step of the d_model grid (default 64). */
  dModelStep?: number;
  nLayersMin: number;
  nLayersMax: number;
  /** Head width for a given d_model (default: 64 below 2048, else 128); d must be a multiple. */
  headDim?: (dModel: number) => number;
  vocab?: number;
}

export interface RankedShape {
  rank: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  headDim: number;
  ffn: number;
  params: number;
  ratio: number;
  latency: number;
  predictedLoss: number;
}

export interface SelectionResult {
  /** Feasible shapes, best (lowest predicted loss) first. */
  ranked: RankedShape[];
  enumerated: number;
  rejectedByParams: number;
  rejectedByLatency: number;
}

export const defaultHeadDim = (dModel: number): number => (dModel >= 2048 ? 128 : 64);

/** Enumerates the grid, filters by N and latency, and ranks by the inference-aware law's loss. */
export function selectShapes(law: LawParams, budget: SelectionBudget, grid: CandidateGrid): SelectionResult {
  const step = grid.dModelStep ?? 64;
  const headDimOf = grid.headDim ?? defaultHeadDim;
  const vocab = grid.vocab ?? VOCAB_SIZE;
  if (!(step > 0) || grid.dModelMin < 1 || grid.nLayersMin < 1) throw new Error('selectShapes: bad grid');
  const ranked: RankedShape[] = [];
  let enumerated = 0;
  let rejectedByParams = 0;
  let rejectedByLatency = 0;
  const first = Math.ceil(grid.dModelMin / step) * step;
  for (let d = first; d <= grid.dModelMax; d += step) {
    const headDim = headDimOf(d);
    if (d % headDim !== 0) continue;
    for (let l = grid.nLayersMin; l <= grid.nLayersMax; l++) {
      enumerated++;
      const params = paramCount(d, l, vocab);
      if (params > budget.maxParams || (budget.minParams !== undefined && params < budget.minParams)) {
        rejectedByParams++;
        continue;
      }
      const latency = budget.latency(d, l);
      if (!(latency <= budget.maxLatency)) {
        rejectedByLatency++;
        continue;
      }
      const ratio = d / l;
      ranked.push({
        rank: 0,
        dModel: d,
        nLayers: l,
        nHeads: d / headDim,
        headDim,
        ffn: ffnHidden(d),
        params,
        ratio,
        latency,
        predictedLoss: predictLoss('inferenceAware', law, { params, tokens: budget.tokens, ratio }),
      });
    }
  }
  ranked.sort((a, b) => a.predictedLoss - b.predictedLoss || a.latency - b.latency || a.params - b.params);
  ranked.forEach((c, i) => (c.rank = i + 1));
  return { ranked, enumerated, rejectedByParams, rejectedByLatency };
}
