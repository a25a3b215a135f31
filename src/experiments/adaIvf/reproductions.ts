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
  /** Of those, the distance evaluations per update spent in full rebuilds. */
  rebuildEvalsPerUpdate: number;
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
 * The paper's own statements of Ada-IVF against LIRE (its summary of results): update time 62 % of
 * LIRE's on the internal trace, 50 % less than LIRE's on BigANN-SS — as shares of LIRE's, in %.
 */
const UPDATE_SHARE: Record<PaperWorkload, number> = { internal: 62, bigann: 50 };
const UPDATE_SHARE_WHERE = 'summary of results';
const SHARE_UNIT = '% of LIRE’s update work';

/** Tolerances the app states: "rough magnitude" for update-time ratios, a few percent for search. */
export const TOLERANCE = { updateShare: 0.3, search: 0.1, updateVsRebuild: 0.3 } as const;

/**
 * Seeds the update-share claim is judged over: the run's own and the next ones. One seed is not
 * enough: a single global rebuild in one stream moves the share by an order of magnitude.
 */
export const SHARE_SEEDS = 3;

/**
 * The share's spread over seeds 42–44 at the tuned τ_f (exact CPU replays, listed in the README),
 * stated when a record could only be judged on fewer seeds.
 */
export const KNOWN_SHARE_SPREAD: Record<PaperWorkload, [number, number]> = {
  internal: [0.55, 1.1],
  bigann: [411, 456],
};

/** Ada-IVF and LIRE of one seed's replay, for the update-share claim. */
export interface SeedShare {
  seed: number;
  ada: ReplaySummary;
  lire: ReplaySummary;
}

const fmt = (v: number) =>
  Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(2)).toString();
const pctOf = (share: number) => `${fmt(100 * share)} %`;
const times = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const shareOf = (x: SeedShare) => x.ada.evalsPerUpdate / x.lire.evalsPerUpdate;
const acted = (x: SeedShare) => x.ada.reclusters + x.ada.rebuilds > 0;

/** What Ada-IVF's maintenance did at one seed, with the work its global rebuilds were counted at. */
function seedActions(x: SeedShare): string {
  const parts: string[] = [];
  if (x.ada.reclusters > 0) parts.push(times(x.ada.reclusters, 'local re-clustering', 'local re-clusterings'));
  if (x.ada.rebuilds > 0)
    parts.push(
      `${times(x.ada.rebuilds, 'global rebuild', 'global rebuilds')} (${fmt(x.ada.rebuildEvalsPerUpdate)} of its ${fmt(x.ada.evalsPerUpdate)} ` +
        `distance evaluations per update, ${pctOf(x.ada.rebuildEvalsPerUpdate / x.ada.evalsPerUpdate)} of its update work)`,
    );
  if (parts.length === 0) parts.push('no maintenance');
  return `seed ${x.seed}: ${parts.join(' and ')}, LIRE ${times(x.lire.splits, 'split', 'splits')}, share ${pctOf(shareOf(x))}`;
}

/** Ada-IVF's update work as a share of LIRE's, judged on the mean over the seeds. */
function updateShareRecord(
  w: PaperWorkload,
  seeds: SeedShare[],
  frozen: ReplaySummary | undefined,
  p: ParamValues,
  provenance: Reproduction['oursProvenance'],
): Reproduction {
  const shares = seeds.map(shareOf);
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  const paper = UPDATE_SHARE[w];
  const first = seeds[0]!;
  const record: Reproduction = {
    key: 'ada-update-share-of-lire',
    claim:
      `Ada-IVF update cost as a share of LIRE's, ${NAME[w]}, mean over ${times(seeds.length, 'seed', 'seeds')} ` +
      '(paper: time; ours: counted work)',
    where: UPDATE_SHARE_WHERE,
    paper,
    ours: 100 * mean,
    unit: SHARE_UNIT,
    oursProvenance: provenance,
    tolerance: TOLERANCE.updateShare,
  };
  const min = Math.min(...shares);
  const max = Math.max(...shares);
  const spread =
    seeds.length >= SHARE_SEEDS
      ? `Over seeds ${seeds.map((x) => x.seed).join(', ')} the share spreads from ${pctOf(min)} to ${pctOf(max)} (${seeds.map(seedActions).join('; ')}).`
      : `This verdict is for ${times(seeds.length, 'seed', 'seeds')} only (${seeds.map(seedActions).join('; ')}); ` +
        `over seeds 42–44 the share spreads from ${pctOf(KNOWN_SHARE_SPREAD[w][0])} to ${pctOf(KNOWN_SHARE_SPREAD[w][1])}.`;
  if (!seeds.some(acted))
    return {
      ...record,
      basis: 'degenerate',
      cause:
        `Ada-IVF ran no local re-clustering and no global rebuild at any seed (no partition's local indicator passed τ_f, and the global one never passed τ_G), ` +
        `so its update work is routing only, like Frozen's, while LIRE split ${first.lire.splits} times at seed ${first.seed}: ` +
        `the comparison says nothing about Ada-IVF's maintenance. ${spread}`,
    };
  const { status } = judgeReproduction(record);
  const routing =
    frozen !== undefined
      ? ` Routing each insert against every centroid is ${pctOf(frozen.evalsPerUpdate / first.lire.evalsPerUpdate)} of LIRE's work at seed ${first.seed}, ` +
        'the same for every policy, so no policy can go below it.'
      : '';
  if (status === 'within') return { ...record, cause: `Within tolerance with Ada-IVF's maintenance acting. ${spread}` };
  if (mean < paper / 100)
    return {
      ...record,
      cause: `Ada-IVF's maintenance costs less here than in the paper, relative to LIRE's. ${spread}${routing}`,
    };
  const why: string[] = [];
  const rebuilt = seeds.filter((x) => x.ada.rebuilds > 0);
  if (rebuilt.length > 0)
    why.push(
      `Ada-IVF's global indicator crossed τ_G at seed${rebuilt.length > 1 ? 's' : ''} ${rebuilt.map((x) => x.seed).join(', ')}, and each global rebuild re-seeds and runs ` +
        `${(p.rebuildIters as number) + 1} k-means passes over every vector against every centroid: ` +
        rebuilt
          .map(
            (x) =>
              `at seed ${x.seed} its rebuilds alone cost ${fmt(x.ada.rebuildEvalsPerUpdate / x.lire.evalsPerUpdate)}× LIRE's whole update work`,
          )
          .join(', ') +
        '.',
    );
  if (seeds.some((x) => x.ada.reclusters > 0))
    why.push(
      `Each local re-clustering compares every gathered vector with all its seeds and neighbours' centroids for ι + 1 = ${(p.localIters as number) + 1} passes, ` +
        "so one costs many LIRE splits; and this preset's τ_f is already the laziest value on the paper's grid at which Ada-IVF acts at every seed " +
        "with search within 10 % of LIRE's, so a laxer one would give up search or stop its maintenance altogether.",
    );
  return { ...record, cause: `${why.join(' ')} ${spread}${routing}` };
}

export function adaIvfReproductions(
  w: PaperWorkload,
  sums: ReplaySummary[],
  p: ParamValues,
  provenance: Reproduction['oursProvenance'],
  /** Ada-IVF and LIRE at the run's seed first, then at further seeds (see SHARE_SEEDS). */
  seeds: SeedShare[],
): Reproduction[] {
  const by = (id: string) => sums.find((x) => x.id === id);
  const ada = by('ada-ivf');
  const lire = by('lire');
  const reb = by('rebuild');
  const frozen = by('frozen');
  const paperRow = (id: string) => TABLE3.find((r) => r.policy === id)![w];
  const out: Reproduction[] = [];
  const name = NAME[w];
  const withCause = (r: Reproduction, cause: () => string): Reproduction =>
    judgeReproduction(r).status === 'off' ? { ...r, cause: cause() } : r;

  if (seeds.length > 0) out.push(updateShareRecord(w, seeds, frozen, p, provenance));
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
              x.id === 'ada-ivf' && lire && x.partitions < lire.partitions
                ? ` Ada-IVF re-clustered ${x.reclusters} times and ended with ${x.partitions} partitions against LIRE's ${lire.partitions} and Rebuild's ${reb.partitions}: ` +
                  'the stream grows the index by half or more, partitions that no threshold split are larger, and each probe scans more vectors to reach the recall. ' +
                  'Ada-IVF re-clusters only partitions past its threshold, so it keeps fewer, larger ones than LIRE.'
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
            // Below the paper's cell, the normaliser (which inflates every ×Rebuild) cannot be why.
            if (reb.evalsPerUpdate / x.evalsPerUpdate < paperRow(x.id)[1])
              return (
                `${label}'s own maintenance costs more than Rebuild's here: ${fmt(x.evalsPerUpdate)} distance evaluations per update against Rebuild's ` +
                `${fmt(reb.evalsPerUpdate)}, with ${times(x.reclusters, 'local re-clustering', 'local re-clusterings')} and ` +
                `${times(x.rebuilds, 'global rebuild', 'global rebuilds')} in the stream, although counting in distance evaluations makes Rebuild costlier relative ` +
                `to routing (${fmt(reb.evalsPerUpdate)} per update${rel}) than the paper's timings do.`
              );
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
