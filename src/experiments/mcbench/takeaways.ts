// The takeaways table: each topic of the paper's takeaways (as a public reading list summarises
// them, and the abstract's cost model) beside what this model says about it.
import { compare, compressedLayers, type Setup } from './model';
import type { Table } from '../types';
import { breakEvenBits, methodLabel, quantToAllReduceRatio } from './collectives';
import { TAKEAWAYS } from './paperClaims';
import { SCALE_UP_HIDDEN, SCALE_UP_TP, sizeList, type Sweep } from './scaleUp';
import { fmt, linkOf, shortLabel, str, withLinks } from './viewParts';

export function buildTakeaways(s: Setup, chosenSpeedup: number, sweep: Sweep): Table {
  const speedupOn = (id: string) => {
    const l = linkOf(id);
    return compare(withLinks(s, l, l)).speedup;
  };
  const label = methodLabel(s.compression.method);
  const allLayers = compare({ ...s, compression: { ...s.compression, startLayer: 0 } }).speedup;
  const tp = Math.max(2, s.cluster.tp);
  const short = shortLabel(s.compression.method);
  const chosenPoints = sweep.points.filter((x) => x.label === short);
  const skippedAt = sweep.skipped.get(short) ?? [];
  const first = chosenPoints[0];
  const last = chosenPoints[chosenPoints.length - 1];
  const scale =
    first && last
      ? `${label}, TP ${SCALE_UP_TP}: ${fmt(first.speedup)}× at h = ${first.hidden}, ${fmt(last.speedup)}× at h = ${last.hidden} ` +
        `(compute grows as h², messages as h)${skippedAt.length ? `; it does not fit h = ${sizeList(skippedAt)}` : ''}.`
      : `${label} fits none of the sweep’s hidden sizes (${SCALE_UP_HIDDEN[0]}–${SCALE_UP_HIDDEN[SCALE_UP_HIDDEN.length - 1]}) as set.`;
  const range = compressedLayers(s);
  const ours: Record<(typeof TAKEAWAYS)[number]['key'], string> = {
    'not-gradient':
      `Top-k and quantised activations must be all-gathered, not all-reduced: at p = ${tp}, 8 bits send ` +
      `${fmt(quantToAllReduceRatio(8, tp))}× the bytes of the fp16 all-reduce (break-even below ${fmt(breakEvenBits(tp))} bits).`,
    'setup-matters': `${label}: ${fmt(speedupOn('nvlink3'))}× on NVLink, ${fmt(speedupOn('pcie4'))}× on PCIe, ${fmt(speedupOn('eth-10'))}× at 10 Gb/s.`,
    'early-layers':
      (s.compression.startLayer === 0
        ? `Time: every layer is compressed here (${fmt(chosenSpeedup)}×); `
        : range
          ? `Time: compressing every layer would give ${fmt(allLayers)}× against ${fmt(chosenSpeedup)}× for layers after ${s.compression.startLayer}; `
          : `Time: compressing every layer would give ${fmt(allLayers)}× against ${fmt(chosenSpeedup)}× with no layer compressed (the model has ${s.workload.layers}); `) +
      'the accuracy side is what a Run measures on a model trained here (later layers vs all layers).',
    scale,
  };
  return {
    id: 'takeaways',
    title: 'Takeaways from a summary of the paper, beside this model',
    // The takeaway texts come from a public reading list's summary, not from the paper, so no column
    // carries them under the paper's name: the rows are keyed by our own short topic (a label, like
    // the other tables' compressor column) and the summary's wording is quoted in the note with its source.
    columns: [str('topic', 'Topic', 'computed'), str('ours', 'This model (modeled)', 'modeled')],
    rows: TAKEAWAYS.map((t) => [t.topic, ours[t.key]]),
    note: takeawaySources(),
  };
}

/** The takeaways' wording grouped by source, e.g. "Takeaways as summarised in …: Early layers — “…”". */
function takeawaySources(): string {
  const bySource = new Map<string, string[]>();
  for (const t of TAKEAWAYS) bySource.set(t.where, [...(bySource.get(t.where) ?? []), `${t.topic} — ${t.text}`]);
  const parts = [...bySource].map(
    ([where, items]) => `${where[0]!.toUpperCase()}${where.slice(1)}: ${items.join('; ')}.`,
  );
  return `Where the topics come from (summaries, not numbers printed in the paper). ${parts.join(' ')}`;
}
