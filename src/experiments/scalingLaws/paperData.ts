// The training-loss data behind the inference-aware scaling law of Bian, Yan & Venkataraman,
// "Scaling Inference-Efficient Language Models" (Morph-1B, ICML 2025, arXiv 2501.18107).
// Provenance: paper. The numbers are the dicts in the authors' released fitting script
// github.com/Waterpine/open-lm-morph, law/all_20N_partial_160N_data_fit/fit_scaling_laws_shape.py,
// as transcribed in shared/papers/TABLES.md section 2 (re-running that script reproduces the
// paper's fit statistics exactly). 35 shapes, 76 (shape, token budget) points: 35 at 20N
// (including the four 1B models), 23 at 40N, 18 at 160N. The point order below is the script's.
// The fit sets are the script's: the main fit ("all 20N + partial 160N") is the 24 20N points of
// the 80M/116M/164M/237M/313M families plus the three 80M points at 160N; the 20N-only ablation
// (law/all_20N_data_fit) drops those three.

export const VOCAB_SIZE = 50_432;

/** SwiGLU hidden width of the OpenLM configs: 256·⌈(8d/3)/256⌉. */
export function ffnHidden(dModel: number): number {
  // (8d/3)/256 = d/96; dividing integers keeps the ceiling exact.
  return 256 * Math.ceil(dModel / 96);
}

/**
 * Total parameters N as the paper counts them. Per block: QKV and output projections 4d², the
 * SwiGLU FFN 3·d·ffn, two norm gains 2d; then a final norm gain d and untied input embedding
 * and output head 2·V·d (no biases). The "non-embedding L·(4d²+3d·ffn) + 2Vd" count of NOTES-1
 * gives 78,905,344 for 512×8; the script's 78,914,048 (TABLES.md's "78.9M") also has the
 * 2Ld + d norm gains, and this formula matches all 35 of the script's counts exactly.
 */
export function paramCount(dModel: number, nLayers: number, vocab = VOCAB_SIZE): number {
  const perLayer = 4 * dModel * dModel + 3 * dModel * ffnHidden(dModel) + 2 * dModel;
  return nLayers * perLayer + 2 * vocab * dModel + dModel;
}

export type Family = '80M' | '86M' | '116M' | '126M' | '164M' | '178M' | '237M' | '313M' | '339M' | '1B';
export type Budget = '20N' | '40N' | '160N';

export interface PaperShape {
  name: string;
  family: Family;
  dModel: number;
  nLayers: number;
  /** N as given in the script's parameters dict. */
  params: number;
  /** Final training loss at 20N, 40N, 160N tokens; null where the script has no run. */
  loss: Record<Budget, number | null>;
}

const s = (
  name: string,
  dModel: number,
  nLayers: number,
  params: number,
  l20: number,
  l40: number | null,
  l160: number | null,
): PaperShape => ({
  name,
  family: name.split('_')[0] as Family,
  dModel,
  nLayers,
  params,
  loss: { '20N': l20, '40N': l40, '160N': l160 },
});

export const PAPER_SHAPES: readonly PaperShape[] = [
  s('80M_v1', 512, 8, 78_914_048, 4.9619, 4.3655, 3.7074),
  s('80M_v4', 576, 5, 78_010_560, 5.0119, 4.4234, 3.7712),
  s('80M_v5', 640, 3, 79_794_560, 5.0774, 4.4899, 3.8428),
  s('80M_v6', 448, 13, 77_999_936, 4.9761, 4.353, null),
  s('80M_v7', 384, 22, 77_677_440, 4.9908, 4.3594, null),
  s('86M_v1', 576, 7, 85_975_488, 4.9371, null, 3.6964),
  s('86M_v2', 640, 4, 84_874_880, 4.9887, null, 3.7745),
  s('116M_v1', 640, 10, 115_356_800, 4.4789, 3.989, 3.4816),
  s('116M_v2', 720, 6, 111_615_120, 4.519, 4.0445, 3.5451),
  s('116M_v3', 800, 4, 113_056_800, 4.5593, 4.0931, 3.5982),
  s('116M_v4', 880, 3, 118_334_480, 4.5975, 4.1233, null),
  s('116M_v5', 560, 15, 114_024_400, 4.4881, 3.9859, null),
  s('116M_v6', 480, 24, 114_793_440, 4.5089, null, null),
  s('126M_v1', 720, 8, 124_612_560, 4.4568, null, 3.4816),
  s('126M_v2', 800, 5, 121_148_000, 4.5043, null, 3.5448),
  s('164M_v1', 768, 12, 162_417_408, 4.096, 3.7125, 3.3163),
  s('164M_v4', 864, 8, 158_824_800, 4.1163, 3.7411, 3.3522),
  s('164M_v5', 960, 6, 163_197_120, 4.1342, 3.763, 3.3794),
  s('164M_v6', 1056, 4, 160_048_416, 4.1873, 3.8249, null),
  s('164M_v7', 1152, 3, 163_979_136, 4.2323, 3.8662, null),
  s('178M_v1', 864, 10, 176_744_160, 4.0763, null, 3.3063),
  s('178M_v2', 960, 7, 174_258_240, 4.0934, null, 3.343),
  s('237M_v1', 896, 14, 231_695_744, 3.7838, 3.4827, null),
  s('237M_v2', 1008, 10, 227_490_480, 3.7991, 3.5047, null),
  s('237M_v3', 1120, 8, 235_702_880, 3.7998, 3.5099, null),
  s('237M_v4', 1232, 6, 234_509_968, 3.8274, 3.5437, null),
  s('313M_v1', 1024, 16, 308_839_424, 3.5904, 3.337, 3.0646),
  s('313M_v2', 1152, 12, 307_327_104, 3.5961, 3.3469, 3.0811),
  s('313M_v3', 1280, 9, 311_975_680, 3.6079, 3.361, null),
  s('313M_v4', 1408, 7, 311_087_744, 3.6272, 3.3885, null),
  s('339M_v1', 1152, 14, 339_182_208, 3.5719, null, 3.0522),
  s('1B_v1', 2048, 24, 1_439_795_200, 2.896, null, null),
  s('1B_v3', 2560, 16, 1_527_073_280, 2.909, null, null),
  s('1B_v6', 2816, 12, 1_443_304_192, 2.9326, null, null),
  s('1B_v8', 3072, 12, 1_668_885_504, 2.9198, null, null), // the Morph-1B shape
];

/** Training tokens at the "20N" point per family (the script's tokens_test_20N_dict). */
export const TOKENS_20N: Record<Family, number> = {
  '80M': 1_610_612_736,
  '86M': 1_610_612_736,
  '116M': 2_315_255_808,
  '126M': 2_315_255_808,
  '164M': 3_288_334_336,
  '178M': 3_288_334_336,
  '237M': 4_731_174_912,
  '313M': 6_174_015_488,
  '339M': 6_174_015_488,
  '1B': 28_991_029_248, // not 20N: the 1B runs' own token count, listed with the 20N points
};

/** 40N and 160N are exactly 2× and 8× the 20N token counts in the script. */
export const BUDGET_MULTIPLIER: Record<Budget, number> = { '20N': 1, '40N': 2, '160N': 8 };

export interface LossPoint {
  /** e.g. '80M_v1@20N' */
  id: string;
  shape: string;
  family: Family;
  budget: Budget;
  dModel: number;
  nLayers: number;
  /** Total parameters N. */
  params: number;
  /** Training tokens D. */
  tokens: number;
  /** Aspect ratio R = d_model / n_layers. */
  ratio: number;
  /** Final training loss. */
  loss: number;
  inMainFit: boolean;
  in20NFit: boolean;
}

const FIT_FAMILIES: readonly Family[] = ['80M', '116M', '164M', '237M', '313M'];

function buildPoints(): LossPoint[] {
  const points: LossPoint[] = [];
  for (const budget of ['20N', '40N', '160N'] as const) {
    for (const sh of PAPER_SHAPES) {
      const loss = sh.loss[budget];
      if (loss === null) continue;
      const fitFamily = FIT_FAMILIES.includes(sh.family);
      const in20NFit = budget === '20N' && fitFamily;
      points.push({
        id: `${sh.name}@${budget}`,
        shape: sh.name,
        family: sh.family,
        budget,
        dModel: sh.dModel,
        nLayers: sh.nLayers,
        params: sh.params,
        tokens: TOKENS_20N[sh.family] * BUDGET_MULTIPLIER[budget],
        ratio: sh.dModel / sh.nLayers,
        loss,
        in20NFit,
        inMainFit: in20NFit || (budget === '160N' && sh.family === '80M'),
      });
    }
  }
  return points;
}

/** All 76 points: the test set of every fit. */
export const PAPER_POINTS: readonly LossPoint[] = buildPoints();
/** The 27-point main fit set ("all 20N + partial 160N"). */
export const MAIN_FIT_POINTS: readonly LossPoint[] = PAPER_POINTS.filter((p) => p.inMainFit);
/** The 24-point "no over-trained data" ablation fit set (20N only). */
export const FIT_20N_POINTS: readonly LossPoint[] = PAPER_POINTS.filter((p) => p.in20NFit);
/** The four 1B models (v1, v3, v6, v8), all at the 1B token count. */
export const ONE_B_POINTS: readonly LossPoint[] = PAPER_POINTS.filter((p) => p.family === '1B');
