// Numbers the PolyThrottle paper prints (arXiv 2310.19991, the authors' PDF), with where they
// appear. Only these go into a "paper" column; ranges read off figure axes say so.
import type { Claim } from '../types';

export const PAPER = {
  devices: {
    tx2: { grid: 5005, gridWhere: 'search-cost evaluation', peakGBs: 59.7, maxPowerW: 15 },
    orin: { grid: 1820, gridWhere: 'search-cost evaluation', peakGBs: 204.8, maxPowerW: 60 },
  },
  /** Table 2: optimal memory frequency on TX2. */
  table2: {
    b0: { savedPct: 14.9, memMHz: 1331 },
    b4: { savedPct: 14.3, memMHz: 1331 },
    b7: { savedPct: 12.0, memMHz: 1331 },
    bert: { savedPct: 25.4, memMHz: 1062 },
  },
  /** Table 3: optimal minimum GPU frequency on Orin, FP16. */
  table3: {
    b0: { savedPct: 47.6, minGpuMHz: 1236 },
    b4: { savedPct: 29.1, minGpuMHz: 1033 },
    b7: { savedPct: 8.8, minGpuMHz: 1134 },
    bert: { savedPct: 1.1, minGpuMHz: 217 },
  },
  /** Table 7: CPU (preprocessing) frequency. */
  table7: {
    orin: { savedPct: 28.6, cpuMHz: 900 },
    tx2: { savedPct: 29.4, cpuMHz: 1000 },
  },
  /** Energy per query read off the figures' axes (approximate), J: [low, high]. */
  figures: {
    orinB7: [1.8, 3.2],
    tx2B4: [0.6, 0.85],
    tx2B4Fig3: [0.03, 0.045],
    orinB4Fig3: [0.36, 0.48],
  },
  search: { samplesLow: 5, samplesHigh: 15, sdBelow: 3, fewerThanRandomLow: 3, fewerThanRandomHigh: 10 },
  /** Tables 5 and 6: SLO violation rate, % (greedy, adaptive, inference-only). */
  violations: {
    'orin-b7': { uniform: [37.91, 2.08, 0.4], poisson: [60.41, 5.42, 1.67], bursty: [22.0, 5.8, 3.8] },
    'tx2-b4': { uniform: [16, 5.5, 1], poisson: [35.4, 7.4, 3.5], bursty: [35.0, 7.5, 5.3] },
  },
  /** Energy saved during the fine-tuning runs, %. */
  finetuneSavedPct: { 'orin-b7': 14, 'tx2-b4': 23 },
} as const;

export const polythrottleClaims: Claim[] = [
  { text: 'Memory-frequency tuning alone saves 12–25 % on TX2', value: 25.4, unit: '%', where: 'Table 2' },
  {
    text: 'Raising the minimum GPU frequency saves energy on Orin (B0)',
    value: 47.6,
    unit: '%',
    where: 'Table 3',
  },
  { text: 'Overall energy saving up to 36 %', value: 36, unit: '%', where: 'abstract' },
  {
    text: 'Grid sizes with five batch sizes: TX2 5005, Orin 1820 configurations (14 h and 5 h exhaustive)',
    value: 5005,
    where: 'search-cost evaluation',
  },
  {
    text: 'Constrained BO reaches within 5 % of the grid optimum in 5–15 samples (σ < 3)',
    value: 15,
    unit: 'samples',
    where: 'search-cost evaluation',
  },
  {
    text: 'With batching, 3–10× fewer samples than random search',
    value: 10,
    unit: '×',
    where: 'search-cost evaluation',
  },
  {
    text: 'Random search, 10 good of 200: expected 20 trials, σ 19.49',
    value: 20,
    unit: 'trials',
    where: 'search-cost evaluation',
  },
  {
    text: 'Fine-tuning beside inference: adaptive scheduler keeps SLO violations at 2–7.5 % (greedy 16–60 %)',
    value: 7.5,
    unit: '%',
    where: 'Tables 5, 6',
  },
  {
    text: 'Energy saved during the fine-tuning runs: 14 % (Orin B7), 23 % (TX2 B4)',
    value: 23,
    unit: '%',
    where: 'fine-tuning evaluation (Tables 5, 6)',
  },
];
