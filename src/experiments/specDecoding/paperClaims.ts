// What the paper claims, with where each claim appears (TABLES.md §4 gives the sources).
import type { Claim } from '../types';

/** The final version's headline: throughput of its best draft over existing drafts. */
export const PAPER_THROUGHPUT_GAIN = 111;

export const specClaims: Claim[] = [
  {
    text: 'Throughput of the best new draft (NoFT-Wide-796M) over existing drafts',
    value: PAPER_THROUGHPUT_GAIN,
    unit: '%',
    where: 'NAACL 2025 abstract (final version); earlier versions: 60 % (v2), 30 % (v1)',
  },
  {
    text: 'Draft latency, not the draft’s language-modelling quality, decides the speedup; depth is the latency bottleneck',
    where: 'abstract; §4 (review summary of Table 1)',
  },
  {
    text: 'More than 350 experiments with LLaMA-65B and OPT-66B targets',
    value: 350,
    where: 'abstract',
  },
];
