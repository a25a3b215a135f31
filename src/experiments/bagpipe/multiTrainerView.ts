// Tables, checks, chart and metrics of the multi-trainer GPU run (multiTrainerRun.ts): the loss
// curves of P-trainer Bagpipe and of synchronous data-parallel training, each trainer's rows by
// sync path, and the rows all-reduced now / later / not at all against the exact CPU replay.
// Bagpipe = synchronous is checked bit for bit; synchronous P-trainer training itself is checked
// against something independent of the data-parallel code — the one-trainer uncached run on whole
// batches (kernelRun.ts) — and every trainer's MLP replica must be identical at the end.
import { compareArrays, type Tolerance } from '../../kernels/compare';
import type { ChartSpec, Check, Metric, Table } from '../types';
import type { DpStats } from './multiTrainerRun';

export interface ReplaySyncCounts {
  allReducedNow: number;
  allReducedLater: number;
  noSyncRows: number;
}

/** The one-trainer uncached run on whole batches: its losses and final parameters. */
export interface SingleTrainerRun {
  losses: number[];
  server: Float32Array;
  serverAcc: Float32Array;
  dense: Float32Array;
}

/**
 * P trainers vs one: the same batch-mean updates, but each gradient summed over P shards instead
 * of one batch (f32 rounding), compounded over the steps (about 1e-8 on the test's
 * run). A wrongly weighted update (a gradient P times too large, a trainer's dense gradient left
 * out, the plain 1/P average on unequal shards) misses it by 75 to 4,000 times on the tables and
 * their Adagrad state: those are compared too, because Adagrad's step hides a scaled gradient from
 * the loss.
 */
export const SINGLE_TRAINER_TOLERANCE: Tolerance = { atol: 1e-5, rtol: 1e-4 };

/** Every replica against the first synchronous trainer's, bit for bit. */
function replicaCheck(P: number, sync: DpStats, bag: DpStats): Check {
  const ref = sync.dense[0];
  const all = [
    ...sync.dense.map((d, p) => [`synchronous trainer ${p + 1}`, d] as const),
    ...bag.dense.map((d, p) => [`Bagpipe trainer ${p + 1}`, d] as const),
  ];
  let maxAbs = 0;
  let first: string | null = null;
  for (const [who, d] of all) {
    if (!ref || d.length !== ref.length) {
      first ??= `${who}: ${d.length} MLP parameters, synchronous trainer 1 ${ref?.length ?? 0}`;
      maxAbs = Infinity;
      continue;
    }
    for (let i = 0; i < d.length; i++)
      if (!Object.is(d[i], ref[i])) {
        maxAbs = Math.max(maxAbs, Math.abs(d[i]! - ref[i]!));
        first ??= `${who}'s MLP parameter ${i} is ${d[i]}, synchronous trainer 1's ${ref[i]}`;
      }
  }
  const complete = sync.dense.length === P && bag.dense.length === P;
  return {
    name: `MLP weights at the end: all ${P} trainers' replicas identical, in both runs (bit for bit)`,
    maxAbsError: complete ? maxAbs : Infinity,
    maxRelError: complete ? maxAbs : Infinity,
    tolerance: 0,
    passed: complete && first === null,
    detail: !complete
      ? `read ${sync.dense.length} synchronous and ${bag.dense.length} Bagpipe replicas of ${P}`
      : (first ?? `${2 * P} replicas of ${ref!.length} parameters each`),
  };
}

export function multiTrainerResult(
  P: number,
  sync: DpStats,
  bag: DpStats,
  replay: ReplaySyncCounts,
  gradRowBytes: number,
  single: SingleTrainerRun,
): { tables: Table[]; checks: Check[]; charts: ChartSpec[]; metrics: Metric[] } {
  const syncLabel = `synchronous, ${P} trainers`;
  const bagLabel = `Bagpipe, ${P} trainers`;
  const loss: Table = {
    id: 'gpu-dp-loss',
    title: `${P} data-parallel trainers on this GPU: Bagpipe caches vs synchronous training without a cache`,
    columns: [
      { key: 'run', label: 'Run', type: 'string', provenance: 'measured' },
      { key: 'step', label: 'Step', type: 'number', provenance: 'measured' },
      { key: 'loss', label: 'Training loss (BCE)', type: 'number', provenance: 'measured' },
    ],
    rows: [
      ...sync.losses.map((l, i) => [syncLabel, i + 1, l]),
      ...bag.losses.map((l, i) => [bagLabel, i + 1, l]),
      ...bag.shardLosses.flatMap((ls, p) => ls.map((l, i) => [`Bagpipe trainer ${p + 1} (its shard)`, i + 1, l])),
    ],
    note: 'The batch loss is the mean over all examples; each trainer also shows its own shard. Each trainer’s gradient counts in proportion to its share of the batch’s examples, so the trainers together follow the gradient of the batch’s mean loss, as one trainer on the whole batch does (with equal shards this is the usual average over trainers).',
  };
  const perTrainer: Table = {
    id: 'gpu-dp-trainers',
    title: 'Each trainer’s gradient rows by sync path (Bagpipe run)',
    columns: [
      { key: 'trainer', label: 'Trainer', type: 'string', provenance: 'measured' },
      { key: 'shard', label: 'Gradient rows (its shards)', type: 'number', provenance: 'measured' },
      { key: 'now', label: 'All-reduced now', type: 'number', provenance: 'measured' },
      { key: 'later', label: 'Parked, all-reduced later', type: 'number', provenance: 'measured' },
      { key: 'none', label: 'Applied without sync', type: 'number', provenance: 'measured' },
      { key: 'updates', label: 'Row updates applied to its cache', type: 'number', provenance: 'measured' },
      { key: 'received', label: 'Rows received from the server', type: 'number', provenance: 'measured' },
    ],
    rows: bag.perTrainer.map((t, p) => [
      `trainer ${p + 1}`,
      t.shardRows,
      t.now,
      t.later,
      t.none,
      t.updates,
      t.received,
    ]),
    note: 'Gradient rows a trainer computed, by the path its row took; a sync_now or sync_later row needed by several trainers counts for each. Every trainer applies every all-reduced row (its copy stays current); a no_sync row only its owner.',
  };
  const gpu = [bag.rows.now, bag.rows.later, bag.rows.none];
  const ringFactor = (2 * (P - 1)) / P;
  const bytes = (rows: number): [number, number] => [rows * gradRowBytes, ringFactor * rows * gradRowBytes];
  const want = [replay.allReducedNow, replay.allReducedLater, replay.noSyncRows];
  const syncRows = sync.rows.now;
  const allReduce: Table = {
    id: 'gpu-dp-allreduce',
    title: 'Rows all-reduced (each row once per batch that used it): GPU run vs the exact replay',
    columns: [
      { key: 'path', label: 'Path', type: 'string', provenance: 'measured' },
      { key: 'gpu', label: 'Rows, GPU run', type: 'number', provenance: 'measured' },
      { key: 'replay', label: 'Rows, exact replay', type: 'number', provenance: 'computed' },
      {
        key: 'rowBytes',
        label: 'Gradient-row bytes (one row per all-reduced row)',
        unit: 'B',
        type: 'number',
        provenance: 'computed',
      },
      {
        key: 'ringBytes',
        label: `Ring all-reduce bytes sent per trainer, ${P} trainers on separate GPUs`,
        unit: 'B',
        type: 'number',
        provenance: 'modeled',
      },
    ],
    rows: [
      ['sync_now (before the next batch)', gpu[0]!, want[0]!, ...bytes(gpu[0]!)],
      [
        `sync_later (${bag.flushed.beforeUse} before their next use, ${bag.flushed.beforeWriteBack} before write-back)`,
        gpu[1]!,
        want[1]!,
        ...bytes(gpu[1]!),
      ],
      ['no_sync (owner only)', gpu[2]!, want[2]!, 0, 0],
      ['Bagpipe, all-reduced', gpu[0]! + gpu[1]!, want[0]! + want[1]!, ...bytes(gpu[0]! + gpu[1]!)],
      ['synchronous, all-reduced (every touched row, every batch)', syncRows, null, ...bytes(syncRows)],
    ],
    note:
      `Bytes are computed from the rows, not measured: the trainers share this GPU, so nothing crosses a network. ` +
      `Gradient-row bytes count one f32 gradient row of ${gradRowBytes} B per all-reduced row, as the replay counts rows; ` +
      `a ring all-reduce among ${P} trainers on separate GPUs would send 2(P − 1)/P = ${ringFactor.toFixed(3)} times that per trainer. ` +
      'Timing of sync_later rows: here their gradients are all-reduced just before the row is next read or written back; ' +
      "Bagpipe's trainers start that all-reduce in the background and wait for it at the next step. The values are the same either way.",
  };
  const countErr = Math.max(...gpu.map((g, i) => Math.abs(g - want[i]!)));
  const vsSingle = (what: string, got: ArrayLike<number>, ref: ArrayLike<number>) =>
    compareArrays(
      `synchronous ${P}-trainer training = one trainer on whole batches: ${what} (f32 summation order)`,
      got,
      ref,
      SINGLE_TRAINER_TOLERANCE,
    );
  const checks: Check[] = [
    compareArrays(
      `${P}-trainer Bagpipe = synchronous data-parallel training (loss per step)`,
      bag.losses,
      sync.losses,
      {
        atol: 0,
        rtol: 0,
      },
    ),
    compareArrays(`final embedding tables: ${P}-trainer Bagpipe = synchronous data-parallel`, bag.server, sync.server, {
      atol: 0,
      rtol: 0,
    }),
    {
      name: 'rows all-reduced now / later / not at all: GPU run = exact replay',
      maxAbsError: countErr,
      maxRelError: countErr / Math.max(1, ...want),
      tolerance: 0,
      passed: countErr === 0,
      detail: `GPU run ${gpu.join(' / ')}, replay ${want.join(' / ')}`,
    },
    vsSingle('loss per step', sync.losses, single.losses),
    vsSingle(
      'final embedding tables and Adagrad state',
      [...sync.server, ...sync.serverAcc],
      [...single.server, ...single.serverAcc],
    ),
    vsSingle('final MLP weights', sync.dense[0] ?? [], single.dense),
    replicaCheck(P, sync, bag),
    {
      name: 'every trainer’s cache: synchronised copies agree at write-back, slot decisions = CPU model',
      maxAbsError: bag.mismatch ? 1 : 0,
      maxRelError: bag.mismatch ? 1 : 0,
      tolerance: 0,
      passed: bag.mismatch === null,
      detail:
        bag.mismatch ??
        `${bag.writtenBackRows} rows written back; every trainer evicted the same rows in the same order`,
    },
  ];
  const metrics: Metric[] = [
    {
      key: 'gpuDpAllReduceRatio',
      label: `Rows all-reduced by Bagpipe / synchronous (${P} trainers, GPU run)`,
      value: (gpu[0]! + gpu[1]!) / Math.max(1, syncRows),
      provenance: 'measured',
    },
    {
      key: 'gpuDpLossGap',
      label: `Largest loss difference, ${P}-trainer Bagpipe vs synchronous`,
      value: checks[0]!.maxAbsError,
      provenance: 'measured',
    },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'gpu-dp-loss-curve',
      title: `Training loss, ${P} trainers: Bagpipe vs synchronous (and each trainer's shard)`,
      kind: 'line',
      table: 'gpu-dp-loss',
      x: 'step',
      y: 'loss',
      series: 'run',
    },
  ];
  return { tables: [loss, perTrainer, allReduce], checks, charts, metrics };
}
