// The paper's Table 3 and its stated Ada-IVF-vs-LIRE results, checked against an exact replay of
// the matching paper-workload preset (Internal-like or BigANN-SS-like). Ours are counted work
// (distance evaluations per update, distances per query at the nprobe reaching the recall
// target), so they are computed, never timed; every claim that misses its tolerance says why,
// from the replay's own numbers.
import { judgeReproduction, type Reproduction } from '../../core/reproduction';
import type { ParamValues } from '../types';
import { adaIvfPresets } from './params';
import { TABLE3 } from './paperClaims';

export type PaperWorkload = 'internal' | 'bigann';

/** One policy of a replay, reduced to what the claims need. */
export interface ReplaySummary {
  id: string;
  /** Distance evaluations per update (routing + maintenance, k-means++ seeding included). */
  evalsPerUpdate: number;
  /** Distances per query (centroids + vectors scanned) at the nprobe reaching the target. */
  searchWork: number;
  /** Maintenance actions of the replay. */
  rebuilds: number;
  splits: number;
  reclusters: number;
  /** Partitions at the end of the stream. */
  partitions: number;
}

const PRESET_OF: Record<PaperWorkload, string> = { internal: 'internal-like', bigann: 'bigann-ss-like' };
const NAME: Record<PaperWorkload, string> = { internal: 'Internal', bigann: 'BigANN-SS' };

/** Which paper workload these values are (every value of that preset unchanged), or null. */
export function paperWorkloadOf(p: ParamValues): PaperWorkload | null {
  for (const w of ['internal', 'bigann'] as const) {
    const preset = adaIvfPresets.find((x) => x.id === PRESET_OF[w])!;
    if (p.vectorFile) return null;
    if (Object.entries(preset.values).every(([k, v]) => p[k] === v)) return w;
  }
  return null;
}

/**
 * The paper's own statements of Ada-IVF against LIRE (its highlights of the evaluation): update
 * time 62 % of LIRE's on the internal trace, 50 % less than LIRE's on BigANN-SS.
 */
const UPDATE_SHARE: Record<PaperWorkload, { value: number; where: string }> = {
  internal: { value: 0.62, where: 'paper, summary of results: 62 % of LIRE’s update time on the internal trace' },
  bigann: { value: 0.5, where: 'paper, summary of results: update time −50 % vs LIRE on BigANN-SS' },
};

/** Tolerances the app states: "rough magnitude" for update-time ratios, a few percent for search. */
export const TOLERANCE = { updateShare: 0.3, search: 0.1, updateVsRebuild: 0.3 } as const;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Number(v.toPrecision(2)).toString());

export function adaIvfReproductions(
  w: PaperWorkload,
  sums: ReplaySummary[],
  p: ParamValues,
  provenance: Reproduction['oursProvenance'] = 'computed',
): Reproduction[] {
  const by = (id: string) => sums.find((x) => x.id === id);
  const ada = by('ada-ivf');
  const lire = by('lire');
  const reb = by('rebuild');
  const frozen = by('frozen');
  const paperRow = (id: string) => TABLE3.find((r) => r.policy === id)![w];
  const out: Reproduction[] = [];
  const name = NAME[w];
  const withCause = (r: Reproduction, cause: () => string, caveat?: string): Reproduction =>
    judgeReproduction(r).status === 'off' ? { ...r, cause: cause() } : caveat ? { ...r, cause: caveat } : r;

  if (ada && lire) {
    const share = ada.evalsPerUpdate / lire.evalsPerUpdate;
    const floor = frozen ? frozen.evalsPerUpdate / lire.evalsPerUpdate : null;
    out.push(
      withCause(
        {
          key: 'ada-update-share-of-lire',
          claim: `Ada-IVF update cost as a share of LIRE's, ${name} (paper: time; ours: counted work)`,
          where: UPDATE_SHARE[w].where,
          paper: UPDATE_SHARE[w].value,
          ours: share,
          unit: '× LIRE',
          oursProvenance: provenance,
          tolerance: TOLERANCE.updateShare,
        },
        () => {
          const routing =
            floor !== null
              ? ` Routing each insert against every centroid is ${fmt(100 * floor)} % of LIRE's work here, the same for every policy, so no policy can go below ${fmt(floor)}× LIRE.`
              : '';
          if (share > UPDATE_SHARE[w].value)
            return (
              `At the τ_f tuned for this workload, Ada-IVF re-clustered ${ada.reclusters} times (LIRE split ${lire.splits} times); ` +
              `each local re-clustering compares every gathered vector with all its seeds and neighbours' centroids for ι + 1 = ${(p.localIters as number) + 1} passes, ` +
              `so one costs many LIRE splits, and at 3000 vectors too few partitions stay cold for its laziness to pay off.${routing}`
            );
          return `Ada-IVF re-clustered ${ada.reclusters} times while LIRE split ${lire.splits} times: in this short stream few cold partitions reach its threshold, so it is lazier than in the paper.${routing}`;
        },
        ada.reclusters === 0 && ada.rebuilds === 0
          ? `Within tolerance through laziness alone: Ada-IVF ran no local re-clustering in this stream (no partition reached its threshold, and reads did not heat any), so its update work is routing only, like Frozen's, while LIRE split ${lire.splits} times.`
          : undefined,
      ),
    );
  }
  if (reb) {
    for (const x of [ada, lire].filter((v): v is ReplaySummary => !!v)) {
      const label = x.id === 'ada-ivf' ? 'Ada-IVF' : 'LIRE';
      out.push(
        withCause(
          {
            key: `${x.id}-search-vs-rebuild`,
            claim: `${label} search throughput ×Rebuild at recall 0.9, ${name}`,
            where: 'Table 3',
            paper: paperRow(x.id)[0],
            ours: reb.searchWork / x.searchWork,
            unit: '× Rebuild',
            oursProvenance: provenance,
            tolerance: TOLERANCE.search,
          },
          () => {
            const lazy =
              x.id === 'ada-ivf' && lire
                ? ` Ada-IVF re-clustered ${x.reclusters} times and ended with ${x.partitions} partitions against LIRE's ${lire.partitions} and Rebuild's ${reb.partitions}: ` +
                  'the stream grows the index by half or more, partitions that no threshold split are larger, and each probe scans more vectors to reach the recall. ' +
                  'That laziness is what makes its updates cheap here.'
                : '';
            return (
              'Search work counts centroid comparisons plus vectors scanned per query at the nprobe reaching recall 0.9 on this drifting ' +
              `mixture; the paper times serial queries on 10M–30M MSTuring vectors.${lazy}`
            );
          },
        ),
      );
    }
    for (const x of [frozen, ada].filter((v): v is ReplaySummary => !!v)) {
      const label = x.id === 'ada-ivf' ? 'Ada-IVF' : 'Frozen';
      out.push(
        withCause(
          {
            key: `${x.id}-update-vs-rebuild`,
            claim: `${label} update throughput ×Rebuild, ${name}`,
            where: 'Table 3',
            paper: paperRow(x.id)[1],
            ours: reb.evalsPerUpdate / x.evalsPerUpdate,
            unit: '× Rebuild',
            oursProvenance: provenance,
            tolerance: TOLERANCE.updateVsRebuild,
          },
          () => {
            const routing = frozen ? frozen.evalsPerUpdate : null;
            const rel = routing ? ` = ${fmt(reb.evalsPerUpdate / routing)}× the routing work of an update` : '';
            return (
              `The normaliser differs: counted in distance evaluations, Rebuild re-seeds (k-means++) and runs ${(p.rebuildIters as number) + 1} ` +
              `k-means passes over every vector against every centroid after each 2.5 % of changes, ${fmt(reb.evalsPerUpdate)} per update${rel}; ` +
              `in the paper's timings a Rebuild costs only ${fmt(paperRow('frozen')[1])}× a Frozen update (Frozen only routes). ` +
              'Ratios between the maintained policies (Ada-IVF vs LIRE) do not depend on this normaliser.'
            );
          },
        ),
      );
    }
  }
  return out;
}
