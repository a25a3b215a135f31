// Tables, checks, chart and metrics of the multi-trainer GPU run (multiTrainerRun.ts): the loss
// curves of P-trainer Bagpipe and of synchronous data-parallel training, each trainer's rows by
// sync path, and the rows all-reduced now / later / not at all against the exact CPU replay.
import { compareArrays } from '../../kernels/compare';
import type { ChartSpec, Check, Metric, Table } from '../types';
import type { DpStats } from './multiTrainerRun';

export interface ReplaySyncCounts {
  allReducedNow: number;
  allReducedLater: number;
  noSyncRows: number;
}

export function multiTrainerResult(
  P: number,
  sync: DpStats,
  bag: DpStats,
  replay: ReplaySyncCounts,
  gradRowBytes: number,
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
    note: 'The batch loss is the mean over all examples; each trainer also shows its own shard. Gradients are averaged over the trainers (each trainer’s from its shard’s mean loss), as data-parallel training does.',
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
  const want = [replay.allReducedNow, replay.allReducedLater, replay.noSyncRows];
  const syncRows = sync.rows.now;
  const allReduce: Table = {
    id: 'gpu-dp-allreduce',
    title: 'Rows all-reduced (each row once per batch that used it): GPU run vs the exact replay',
    columns: [
      { key: 'path', label: 'Path', type: 'string', provenance: 'measured' },
      { key: 'gpu', label: 'Rows, GPU run', type: 'number', provenance: 'measured' },
      { key: 'replay', label: 'Rows, exact replay', type: 'number', provenance: 'computed' },
      { key: 'bytes', label: 'All-reduce bytes, GPU run', unit: 'B', type: 'number', provenance: 'measured' },
    ],
    rows: [
      ['sync_now (before the next batch)', gpu[0]!, want[0]!, gpu[0]! * gradRowBytes],
      [
        `sync_later (${bag.flushed.beforeUse} before their next use, ${bag.flushed.beforeWriteBack} before write-back)`,
        gpu[1]!,
        want[1]!,
        gpu[1]! * gradRowBytes,
      ],
      ['no_sync (owner only)', gpu[2]!, want[2]!, 0],
      ['Bagpipe, all-reduced', gpu[0]! + gpu[1]!, want[0]! + want[1]!, (gpu[0]! + gpu[1]!) * gradRowBytes],
      ['synchronous, all-reduced (every touched row, every batch)', syncRows, null, syncRows * gradRowBytes],
    ],
    note: `An all-reduced row moves one gradient row of ${gradRowBytes} B (f32), counted once per row as the replay counts it.`,
  };
  const countErr = Math.max(...gpu.map((g, i) => Math.abs(g - want[i]!)));
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
