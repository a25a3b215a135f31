// The paper's same-size model families as (d_model, n_layers) shapes, and how the real run scales
// them down to fit this device. Shapes and head counts are the authors' OpenLM configs
// (open_lm/model_configs/scale_open_lm_*.json, NOTES-1 §2): every shape of a family has about the
// same parameter count N and a different aspect ratio. Decode latency does not depend on the
// weights' values, so the run builds these shapes with random weights.
import type { LlamaConfig } from '../../data/llamaConfig';
import { ffnHidden, paramCount, VOCAB_SIZE } from './paperData';

export type LatencyFamilyId = '80m' | '116m' | '164m' | '237m' | '313m' | '1b';

export interface LatencyFamily {
  id: LatencyFamilyId;
  label: string;
  heads: number;
  /** [d_model, n_layers] as the configs list them. */
  shapes: readonly (readonly [number, number])[];
}

// 80m: v6 and v7 of the configs duplicate v2 and v3 and are left out. 1b: the configs' (3072, 16)
// is left out: 2.1B parameters, not the family's size.
export const LATENCY_FAMILIES: readonly LatencyFamily[] = [
  {
    id: '80m',
    label: '80M',
    heads: 8,
    shapes: [
      [512, 8],
      [448, 13],
      [384, 22],
      [576, 5],
      [640, 3],
    ],
  },
  {
    id: '116m',
    label: '116M',
    heads: 10,
    shapes: [
      [640, 10],
      [720, 6],
      [800, 4],
      [880, 3],
      [560, 15],
      [480, 24],
    ],
  },
  {
    id: '164m',
    label: '164M',
    heads: 12,
    shapes: [
      [768, 12],
      [672, 17],
      [576, 26],
      [864, 8],
      [960, 6],
      [1056, 4],
      [1152, 3],
      [672, 18],
    ],
  },
  {
    id: '237m',
    label: '237M',
    heads: 14,
    shapes: [
      [896, 14],
      [1008, 10],
      [1120, 8],
      [1232, 6],
      [784, 20],
      [672, 31],
    ],
  },
  {
    id: '313m',
    label: '313M',
    heads: 16,
    shapes: [
      [1024, 16],
      [1152, 12],
      [1280, 9],
      [1408, 7],
      [896, 22],
      [768, 33],
    ],
  },
  {
    id: '1b',
    label: '1B',
    heads: 16,
    shapes: [
      [2048, 24],
      [2304, 20],
      [2560, 16],
      [2432, 20],
      [2688, 16],
      [2816, 12],
      [3072, 12],
    ],
  },
];

export function findLatencyFamily(id: string): LatencyFamily | undefined {
  return LATENCY_FAMILIES.find((f) => f.id === id);
}

/** Names the paper gives two of the 1B shapes. */
export function shapeName(dModel: number, nLayers: number): string {
  const base = `${dModel}×${nLayers}`;
  if (dModel === 3072 && nLayers === 12) return `${base} (Morph-1B)`;
  if (dModel === 2048 && nLayers === 24) return `${base} (Open-LM-1B)`;
  return base;
}

/**
 * The `count` shapes of a family to measure: all of them when count ≥ the family's size, else
 * shapes spread evenly over the range of depths, always including the shallowest and the deepest
 * (ties in depth: the wider shape first, so the 1B family starts with Morph-1B).
 */
export function pickShapes(family: LatencyFamily, count: number): [number, number][] {
  const sorted = [...family.shapes]
    .sort((a, b) => a[1] - b[1] || b[0] - a[0])
    .map(([d, l]) => [d, l] as [number, number]);
  if (count >= sorted.length) return sorted;
  const n = Math.max(1, count);
  const idx = new Set(Array.from({ length: n }, (_, i) => Math.round((i * (sorted.length - 1)) / Math.max(1, n - 1))));
  return [...idx].map((i) => sorted[i]!);
}

/** The scaled-down model the run builds for one paper shape. */
export interface ScaledShape {
  paperDModel: number;
  nLayers: number;
  config: LlamaConfig;
}

/**
 * Scales a paper shape's width by `scale`, keeping its depth: d_model × scale rounded to a multiple
 * of 8, the FFN in the paper's ratio to d_model (256·⌈(8d/3)/256⌉ / d), the family's head count
 * when it divides d into even head widths ≤ 128 (the attention kernel's limit; otherwise the
 * smallest multiple of it that does, else heads of width 8). Untied embeddings, as the paper's.
 */
export function scaleShape(
  family: LatencyFamily,
  dModel: number,
  nLayers: number,
  scale: number,
  vocab = VOCAB_SIZE,
  maxSeq = 512,
): ScaledShape {
  const d = 8 * Math.max(1, Math.round((dModel * scale) / 8));
  let heads = d / 8;
  for (let m = 1; family.heads * m <= d / 2; m++) {
    const h = family.heads * m;
    const width = d / h;
    if (d % h === 0 && width % 2 === 0 && width <= 128) {
      heads = h;
      break;
    }
  }
  const config: LlamaConfig = {
    vocabSize: vocab,
    hiddenSize: d,
    intermediateSize: Math.max(1, Math.round((ffnHidden(dModel) * d) / dModel)),
    numHiddenLayers: nLayers,
    numAttentionHeads: heads,
    numKeyValueHeads: heads,
    headDim: d / heads,
    maxPositionEmbeddings: maxSeq,
    rmsNormEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: false,
    ropeScaling: null,
  };
  return { paperDModel: dModel, nLayers, config };
}

/** The paper's N of a shape (paperData's count, which matches the authors' script). */
export function paperParams(dModel: number, nLayers: number): number {
  return paramCount(dModel, nLayers);
}
