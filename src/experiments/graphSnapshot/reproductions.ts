// GraphSnapShot's headlines checked against ours: OTF-SC's training-time reduction vs FBL at the
// preset's fanouts (Tables 1/4) and the stored-edge reduction on the same-shaped graph (Table 2).
// When ours is off, the cause is computed from the model's own split of the batch time.
import type { ParamValues, Reproduction } from '../types';
import { batchTime, tierWork, type TierSpeeds } from './model';
import { FANOUT_COLUMNS, PAPER_REDUCTION, type StoredOurs } from './paperClaims';
import type { SamplerStats } from './simulate';
import { findOgbShape } from './ogbLike';

const REDUCTION_TOLERANCE = 0.25;
/**
 * Said with every OTF-SC record: the reduction rests on workload choices the paper does not state,
 * and across fanouts the model's reduction falls as fanout drops while the paper's rises.
 */
const TREND_NOTE =
  'The data set (probably ogbn-arxiv), the batch size (64 here) and the compute per batch are not stated in the paper, so this rests on our choices; ' +
  'across fanouts 20 → 10 → 5 our reduction falls while the paper’s rises (13.5 → 25.2 → 29.6 %), so the model does not capture what drives the paper’s trend.';
const STORED_TOLERANCE = 0.15;
const pct = (x: number) => `${x.toFixed(1)} %`;

/** Why OTF-SC's modeled reduction differs from the paper's: the model's own split of the batch. */
function reductionCause(paper: number, fbl: SamplerStats, otfSc: SamplerStats, speeds: TierSpeeds): string {
  const tf = batchTime(fbl, speeds);
  const samplingShare = tf.samplingMs / tf.totalMs;
  const samplingOnly = { ...speeds, computeMs: 0 };
  const saved = 1 - batchTime(otfSc, samplingOnly).samplingMs / batchTime(fbl, samplingOnly).samplingMs;
  const w = tierWork(otfSc, speeds.basis);
  const cacheShare = w.fast / Math.max(1e-9, w.fast + w.slow);
  const implied = saved > 0 ? paper / 100 / saved : NaN;
  const basis = speeds.basis === 'picks' ? 'sampled neighbours' : 'row entries scanned';
  return (
    `The cache serves ${pct(100 * cacheShare)} of the ${basis}, so sampling alone gets ${pct(100 * saved)} faster; ` +
    `sampling is ${pct(100 * samplingShare)} of our FBL batch (compute ${Number(speeds.computeMs.toPrecision(3))} ms, an assumption). ` +
    (Number.isFinite(implied) && implied <= 1
      ? `The paper's ${pct(paper)} would follow if sampling were ${pct(100 * implied)} of its batch time; `
      : `No split of the batch time gives the paper's ${pct(paper)} with this cache share; `) +
    'the paper does not split its per-batch time into sampling and training, nor state its batch size.'
  );
}

export function snapshotReproductions(
  p: ParamValues,
  stats: SamplerStats[],
  speeds: TierSpeeds,
  stored: StoredOurs | undefined,
): Reproduction[] {
  const shape = findOgbShape(p.graph);
  if (!shape) return [];
  const out: Reproduction[] = [];
  const fanout = p.fanout as number;
  const col = FANOUT_COLUMNS.indexOf(fanout);
  const fbl = stats.find((s) => s.kind === 'FBL')!;
  const otfSc = stats.find((s) => s.kind === 'OTF-SC')!;
  if (shape.id === 'ogbn-arxiv' && p.hops === 3 && col >= 0) {
    const paper = PAPER_REDUCTION['OTF-SC'][col]!;
    const ours = 100 * (1 - batchTime(otfSc, speeds).totalMs / batchTime(fbl, speeds).totalMs);
    out.push({
      key: 'otf-sc-reduction',
      claim: `Training-time reduction vs FBL, OTF-SC, fanouts [${fanout},${fanout},${fanout}] (ogbn-arxiv-like graph)`,
      where: 'paper PDF, Tables 1 and 4',
      paper,
      ours,
      unit: ' %',
      oursProvenance: 'modeled',
      tolerance: REDUCTION_TOLERANCE,
      cause: reductionCause(paper, fbl, otfSc, speeds) + ' ' + TREND_NOTE,
      basis: 'assumed-workload',
    });
  }
  if (stored && fanout === 10) {
    const paper = shape.tableReductionPct;
    out.push({
      key: 'stored-edge-reduction',
      claim: `Stored-edge reduction, ${shape.id}-like graph (θ = ${p.theta}, leanest cached sampler)`,
      where: 'paper PDF, Table 2',
      paper,
      ours: stored.reduction,
      unit: ' %',
      oursProvenance: 'modeled',
      tolerance: STORED_TOLERANCE,
      cause:
        `Nodes above θ hold ${pct(stored.upperBound)} of this graph's edge entries, the most any cache can save (the other nodes keep ` +
        (stored.reduction < paper
          ? `their full rows); the paper's ${pct(paper)} needs a degree distribution with more of its edges on hubs. `
          : `their full rows); ours is above the paper's ${pct(paper)} because this synthetic tail puts more of its edges on hubs than the real graph does. `) +
        "Only ogbn-arxiv's count of nodes above θ is published, so this graph's degree tail is the arxiv one, an assumption. " +
        'The graph is synthetic (published node and edge counts, assumed Pareto tail), the fanout is ours and the figure is the best of the cached samplers.',
      basis: 'assumed-workload',
    });
  }
  return out;
}
