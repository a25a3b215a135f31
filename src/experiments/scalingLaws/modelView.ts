// The live view of the scaling-laws experiment: the laws fitted to the paper's data (cached), the
// modeled paper-scale decode latency, and predict–rank–select under it. Pure and fast: no GPU, no
// randomness; recomputed on every slider move, with the last run's calibration when there is one.
import { findGpuModel } from '../../sim/hardware';
import { mergeResults } from '../mergeResults';
import type { Calibration, ParamValues, RunResult } from '../types';
import { UserInputError } from '../types';
import { latencyResult } from './latencyView';
import { lawResult } from './lawView';
import { perLayerCost } from './model';
import { selectionResult } from './selectionView';
import { fitReproductions, latencyReproductions } from './reproductions';

export function buildModelResult(p: ParamValues, cal?: Calibration): RunResult {
  const gpu = findGpuModel(String(p.targetGpu));
  if (!gpu) throw new UserInputError(`Target GPU "${String(p.targetGpu)}" is not in the catalog`);
  const notices: string[] = [];
  const cost = perLayerCost(p, cal, notices);
  const outputTokens = p.outputTokens as number;
  const selection = selectionResult(
    {
      maxParams: (p.maxParamsM as number) * 1e6,
      tokens: (p.tokensB as number) * 1e9,
      maxLatencyS: p.maxLatencyS as number,
      gpu,
      outputTokens,
    },
    cost,
    notices,
  );
  return mergeResults({ notices }, lawResult(), latencyResult(gpu, cost, outputTokens), selection, {
    notices: [
      'Latencies here are modeled (datasheet bandwidth + a per-layer cost); law fits are computed from the paper’s data.',
    ],
    // The paper's numbers beside ours: fits always, latencies on the paper's setup (A100, 256 tokens).
    reproductions: [...fitReproductions(), ...latencyReproductions(gpu, cost, outputTokens)],
  });
}
