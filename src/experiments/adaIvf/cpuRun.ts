// The run without WebGPU: the same stream replayed on the CPU (cpuReplay.ts) for every selected
// policy. Counts are exact, so the Table-3-style comparison and the paper-preset reproduction
// record are computed; nothing is timed (no throughput in updates/s or queries/s).
import { createRng, type Rng } from '../../data/pcg32';
import { VectorFileError } from '../../data/vectorFile';
import { throwIfAborted } from '../runner';
import { UserInputError, type ParamValues, type RunContext, type RunResult, type Table } from '../types';
import { initialIndexOf, replayPolicy, type ReplayedPolicy } from './cpuReplay';
import { POLICY_LABELS, TABLE3, TABLE3_WHERE } from './paperClaims';
import { adaIvfReproductions, paperWorkloadOf, SHARE_SEEDS, type ReplaySummary, type SeedShare } from './reproductions';
import { buildWorkload, policyParams, selectedPolicies } from './setup';

/** Beyond this many vectors the CPU replay would take minutes; the run then stays modeled. */
export const CPU_REPLAY_MAX_VECTORS = 20_000;

export function summarizeReplay(r: ReplayedPolicy): ReplaySummary {
  const cps = r.checkpoints.filter((c) => c.batch > 0);
  const use = cps.length ? cps : r.checkpoints;
  return {
    id: r.id,
    evalsPerUpdate: r.updates ? r.distanceEvaluations / r.updates : 0,
    rebuildEvalsPerUpdate: r.updates ? r.rebuildEvaluations / r.updates : 0,
    searchWork: use.reduce((a, c) => a + c.nlist + c.scanned, 0) / Math.max(1, use.length),
    rebuilds: r.events.rebuild,
    splits: r.events.split,
    reclusters: r.events.recluster,
    partitions: r.finalPartitions,
  };
}

/** Replays the stream for every selected policy, in the GPU run's order and with its seeds. */
export async function replayAll(
  p: ParamValues,
  rng: Rng,
  ctx?: Pick<RunContext, 'files' | 'signal' | 'progress'>,
): Promise<{ replays: ReplayedPolicy[]; source: string; batches: number }> {
  const policies = selectedPolicies(p);
  if (policies.length === 0) throw new UserInputError('select at least one policy to run');
  let w;
  try {
    w = await buildWorkload(p, rng, ctx?.files);
  } catch (e) {
    if (e instanceof VectorFileError) throw new UserInputError(e.message);
    throw e;
  }
  const params = policyParams(p);
  const search = { k: p.k as number, nprobe: p.nprobe as number, targetRecall: p.targetRecall as number };
  const initial = await initialIndexOf(w, params, rng);
  const replays: ReplayedPolicy[] = [];
  for (const [i, policy] of policies.entries()) {
    replays.push(
      await replayPolicy(w, initial, policy, params, search, rng.fork(100 + i), (t) => {
        if (ctx?.signal) throwIfAborted(ctx.signal);
        ctx?.progress((i + t / w.batches.length) / policies.length, `${policy.label} (CPU): batch ${t}`);
      }),
    );
  }
  return { replays, source: w.source, batches: w.batches.length };
}

/**
 * Ada-IVF and LIRE replayed on further seeds (the update-share claim is judged over several), each
 * with the fork its policy gets in a full run of that seed, so every count equals the full run's.
 */
export async function replayShareSeeds(
  p: ParamValues,
  seeds: number[],
  ctx?: Pick<RunContext, 'signal' | 'progress'>,
): Promise<SeedShare[]> {
  const policies = selectedPolicies(p);
  const wanted = policies.map((x, i) => ({ x, i })).filter(({ x }) => x.id === 'ada-ivf' || x.id === 'lire');
  const params = policyParams(p);
  const search = { k: p.k as number, nprobe: p.nprobe as number, targetRecall: p.targetRecall as number };
  const out: SeedShare[] = [];
  for (const seed of seeds) {
    const rng = createRng(seed);
    const w = await buildWorkload(p, rng);
    const initial = await initialIndexOf(w, params, rng);
    const sums: ReplaySummary[] = [];
    for (const { x, i } of wanted) {
      const r = await replayPolicy(w, initial, x, params, search, rng.fork(100 + i), (t) => {
        if (ctx?.signal) throwIfAborted(ctx.signal);
        ctx?.progress(0.99, `${x.label} (CPU, seed ${seed}, for the update-share claim): batch ${t}`);
      });
      sums.push(summarizeReplay(r));
    }
    const ada = sums.find((s) => s.id === 'ada-ivf');
    const lire = sums.find((s) => s.id === 'lire');
    if (ada && lire) out.push({ seed, ada, lire });
  }
  return out;
}

/** The run's own seed plus the further seeds of a paper preset's update-share claim, as shares. */
export async function shareSeedsOf(
  p: ParamValues,
  seed: number,
  sums: ReplaySummary[],
  ctx?: Pick<RunContext, 'signal' | 'progress'>,
): Promise<SeedShare[]> {
  const ada = sums.find((s) => s.id === 'ada-ivf');
  const lire = sums.find((s) => s.id === 'lire');
  if (!ada || !lire) return [];
  const more = Array.from({ length: SHARE_SEEDS - 1 }, (_, i) => (seed + 1 + i) >>> 0);
  return [{ seed, ada, lire }, ...(await replayShareSeeds(p, more, ctx))];
}

export async function runOnCpu(p: ParamValues, ctx: RunContext): Promise<RunResult> {
  const { replays, source, batches } = await replayAll(p, ctx.rng, ctx);
  const sums = replays.map(summarizeReplay);
  const reb = sums.find((x) => x.id === 'rebuild');
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const table: Table = {
    id: 'table3',
    title: 'Search / update work normalised to Rebuild (exact CPU replay)',
    columns: [
      { key: 'policy', label: 'Policy', type: 'string', provenance: 'computed' },
      { key: 'searchWork', label: 'Search (counted work)', unit: '× Rebuild', type: 'number', provenance: 'computed' },
      { key: 'updateWork', label: 'Update (counted work)', unit: '× Rebuild', type: 'number', provenance: 'computed' },
      { key: 'evals', label: 'Distance evaluations per update', type: 'number', provenance: 'computed' },
      { key: 'partitions', label: 'Partitions at the end', type: 'number', provenance: 'computed' },
      {
        key: 'paperInternalSearch',
        label: 'Paper Internal search',
        unit: '× Rebuild',
        type: 'number',
        provenance: 'paper',
      },
      {
        key: 'paperInternalUpdate',
        label: 'Paper Internal update',
        unit: '× Rebuild',
        type: 'number',
        provenance: 'paper',
      },
      {
        key: 'paperBigannSearch',
        label: 'Paper BigANN-SS search',
        unit: '× Rebuild',
        type: 'number',
        provenance: 'paper',
      },
      {
        key: 'paperBigannUpdate',
        label: 'Paper BigANN-SS update',
        unit: '× Rebuild',
        type: 'number',
        provenance: 'paper',
      },
    ],
    rows: sums.map((x, i) => {
      const paper = TABLE3.find((r) => r.policy === x.id);
      return [
        POLICY_LABELS[x.id] ?? x.id,
        reb ? ratio(reb.searchWork, x.searchWork) : null,
        reb ? ratio(reb.evalsPerUpdate, x.evalsPerUpdate) : null,
        x.evalsPerUpdate,
        replays[i]!.finalPartitions,
        paper?.internal[0] ?? null,
        paper?.internal[1] ?? null,
        paper?.bigann[0] ?? null,
        paper?.bigann[1] ?? null,
      ];
    }),
    note: `Exact counts of a CPU replay (no GPU): search = centroid comparisons + vectors scanned per query at the nprobe reaching recall ${String(p.targetRecall)}; update = distance evaluations per update. Paper values: ${TABLE3_WHERE}.`,
  };
  const ada = sums.find((x) => x.id === 'ada-ivf');
  const lire = sums.find((x) => x.id === 'lire');
  const workload = paperWorkloadOf(p);
  return {
    tables: [table],
    metrics:
      ada && lire
        ? [
            {
              key: 'adaVsLireWork',
              label: 'Ada-IVF update throughput vs LIRE (counted work, CPU replay)',
              value: lire.evalsPerUpdate / ada.evalsPerUpdate,
              unit: '×',
              provenance: 'computed',
              primary: true,
              note: 'paper Table 3: Ada-IVF 6.7 vs LIRE 4.2 ×Rebuild (Internal), 10.0 vs 4.7 (BigANN-SS)',
            },
          ]
        : [],
    checks: [],
    charts: [],
    notices: [
      `No WebGPU: the stream (${source}, ${batches} update batches) was replayed on the CPU; counts are exact, nothing was timed.`,
    ],
    reproductions: workload
      ? adaIvfReproductions(workload, sums, p, 'computed', await shareSeedsOf(p, ctx.seed, sums, ctx))
      : undefined,
  };
}
