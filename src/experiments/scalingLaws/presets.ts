// Presets of the scaling-laws experiment: Morph-1B's selection, one per paper family, and the
// smallest run. Family presets take N_C as the family's largest N, D_C as its 20N token count (the
// 1B runs' own count for 1B) and T_C as the modeled A100 latency of its baseline shape (v1) at the
// stated per-layer cost, i.e. "what beats v1 at no more latency?".
import { findGpuModel } from '../../sim/hardware';
import type { Preset } from '../types';
import { LATENCY_FAMILIES, type LatencyFamilyId } from './families';
import { DEFAULT_PER_LAYER_MS, modeledDecodeLatency } from './model';
import { PAPER_LATENCY_S } from './paperClaims';
import { PAPER_SHAPES, TOKENS_20N, type Family } from './paperData';

const FAMILY_OF: Record<LatencyFamilyId, Family> = {
  '80m': '80M',
  '116m': '116M',
  '164m': '164M',
  '237m': '237M',
  '313m': '313M',
  '1b': '1B',
};

function familyPreset(id: LatencyFamilyId): Preset {
  const fam = LATENCY_FAMILIES.find((f) => f.id === id)!;
  const shapes = PAPER_SHAPES.filter((s) => s.family === FAMILY_OF[id]);
  const [d, l] = fam.shapes[0]!;
  const latency = modeledDecodeLatency(d, l, findGpuModel('a100-40gb')!, DEFAULT_PER_LAYER_MS).totalS;
  return {
    id,
    label: `${fam.label} family`,
    values: {
      latencyFamily: id,
      maxParamsM: Math.ceil(Math.max(...shapes.map((s) => s.params)) / 1e6),
      tokensB: Math.round(TOKENS_20N[FAMILY_OF[id]] / 1e6) / 1e3,
      maxLatencyS: Math.ceil(latency * 100) / 100,
      targetGpu: 'a100-40gb',
    },
    note: `N_C = the family's largest N, D_C = its 20N tokens, T_C = the modeled A100 latency of ${d}×${l}.`,
  };
}

export const scalingLawPresets: Preset[] = [
  {
    id: 'morph-1b',
    label: 'Morph-1B (1B family, T_C = 1.96 s)',
    values: {
      latencyFamily: '1b',
      maxParamsM: 1700,
      tokensB: 28.99,
      maxLatencyS: PAPER_LATENCY_S.morph1b,
      targetGpu: 'a100-40gb',
    },
    note: "T_C is Morph-1B's own measured latency; D_C the 1B runs' 28.99B tokens.",
  },
  ...(['80m', '116m', '164m', '237m', '313m', '1b'] as const).map(familyPreset),
  {
    id: 'smallest',
    label: 'Smallest run (CPU emulation, tests)',
    values: {
      runParts: 'both',
      latencyFamily: '80m',
      latencyShapes: 2,
      widthScale: 0.01,
      decodeContext: 4,
      decodeSteps: 1,
      latencyReps: 2,
      trainParamsK: 8,
      trainSizes: 1,
      trainShapes: 2,
      trainBudgets: 2,
      trainSteps: 6,
      trainBatch: 2,
      trainSeqLen: 16,
      evalBatches: 1,
    },
    note: 'Two shapes of the 80M family for latency, two tiny models for the grid: the run checks the pipeline, not the laws.',
  },
];
