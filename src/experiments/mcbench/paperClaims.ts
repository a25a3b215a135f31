// What the paper and its code state, with where. The paper's per-setting throughput, iteration-time
// and accuracy tables, its hardware and its cost-model numbers were not available to this
// workbench (shared/papers/TABLES.md §5 lists them as missing), so no claim below is a throughput
// number and no preset carries a paper-vs-ours verdict; the takeaways come from a reading-list
// summary of the paper and are marked as such.
import type { Claim } from '../types';

export const ABSTRACT = 'MLSys 2024 abstract';
export const SUMMARY = 'takeaways as summarised in a public reading list (not the paper’s wording)';
export const CODE = 'the paper’s released code (uw-mad-dash/MCBench)';

export const mcbenchClaims: Claim[] = [
  { text: 'Categories of compression algorithms benchmarked', value: 4, where: ABSTRACT },
  { text: 'More than 200 unique training configurations probed', value: 200, where: ABSTRACT },
  { text: 'Datasets', value: 10, where: ABSTRACT },
  {
    text: 'A cost model for model-parallel training with compression, to see how the benefit scales with model and cluster size',
    where: ABSTRACT,
  },
  {
    text: 'Activation compression is not gradient compression: what works for data parallelism may not transfer',
    where: SUMMARY,
    notInPaper: true,
  },
  {
    text: 'The training setup (links, parallelism, sizes) decides whether compression helps',
    where: SUMMARY,
    notInPaper: true,
  },
  {
    text: 'Do not compress the early layers’ activations',
    where: `${SUMMARY}; the code compresses only layers 13–24 of 24 by default`,
    notInPaper: true,
  },
  {
    text: 'Defaults: autoencoder k = 100 (tensor parallel) and 50 (pipeline), top-k / rand-k k = 10,000 values, 2/4/8-bit quantisation',
    where: CODE,
    notInPaper: true,
  },
];

/**
 * The takeaways shown beside the modeled and measured evidence for them (the view fills in "ours").
 * `topic` is this workbench's own short name for each; `text` is the source's wording (the reading
 * list's) or, for the abstract's cost model, a paraphrase; neither is a number printed in the paper.
 */
export const TAKEAWAYS = [
  {
    key: 'not-gradient',
    topic: 'Activation vs gradient compression',
    text: 'Activation compression ≠ gradient compression',
    where: SUMMARY,
    notInPaper: true,
  },
  {
    key: 'setup-matters',
    topic: 'Training setup',
    text: 'Training setups matter a lot',
    where: SUMMARY,
    notInPaper: true,
  },
  {
    key: 'early-layers',
    topic: 'Early layers',
    text: 'Don’t compress early layers’ activations',
    where: SUMMARY,
    notInPaper: true,
  },
  {
    key: 'scale',
    topic: 'Scaling up',
    text: 'a cost model tells how the benefit changes as models and clusters grow',
    where: `${ABSTRACT}, paraphrased`,
  },
] as const;
