// Marius++ on a user's edge list. Two parts need no labels and no GPU:
//  * the partition buffer run over the real graph: for in memory, BETA and COMET (the real-run
//    buffer: p = runPartitions, c = runCapacity, COMET ratio = runCometRatio), the buffer states,
//    swaps and the bytes a disk would have moved, counted from the graph's own edge buckets
//    (planEpoch, the same plan the training run streams through);
//  * the ordering / disk model re-run with the graph's real node and edge counts and that buffer:
//    node classification when labelled (features = the run's feature rows), link prediction when
//    not (learned embeddings of the "Bytes per node" slider: an unlabelled edge list is what link
//    prediction trains on). Its epoch timeline is the IO/compute Gantt for this graph.
import type { UploadedGraph } from '../../data/graphs/uploadedGraph';
import { createRng } from '../../data/pcg32';
import { nnzOf } from '../../data/graphs/csr';
import { UserInputError, type Calibration, type ParamValues, type RunResult, type Table } from '../types';
import { buildModelResult } from './modelView';
import { planEpoch, type RunMode } from './outOfCore';

const MODES: RunMode[] = ['in-memory', 'BETA', 'COMET'];

/**
 * The buffer IO table (uploadedIoTable) as a result part: the table, BETA's and COMET's bytes and
 * BETA's swaps as metrics (the first one primary when nothing else is), and a chart.
 */
export function uploadedIoResult(io: Table, primary: boolean): Partial<RunResult> {
  const [, beta, comet] = io.rows as number[][];
  return {
    tables: [io],
    metrics: [
      {
        key: 'uploadBetaBytes',
        label: 'Uploaded graph: bytes read per epoch, BETA',
        value: beta![4]!,
        unit: 'B',
        provenance: 'measured',
        primary,
      },
      {
        key: 'uploadCometBytes',
        label: 'Uploaded graph: bytes read per epoch, COMET',
        value: comet![4]!,
        unit: 'B',
        provenance: 'measured',
      },
      {
        key: 'uploadBetaSwaps',
        label: 'Uploaded graph: BETA swaps per epoch',
        value: beta![2]!,
        provenance: 'measured',
      },
    ],
    charts: [
      {
        id: 'upload-io',
        title: 'Uploaded graph: bytes read per epoch',
        kind: 'bar',
        table: 'upload-io',
        x: 'mode',
        y: 'readBytes',
      },
    ],
  };
}

/** One epoch's buffer plan per mode on the uploaded graph (deterministic for a seed). */
export function uploadedIoTable(upload: UploadedGraph, p: ParamValues, seed: number): Table {
  const { graph: g, train, featureDim } = upload.task;
  const rows = MODES.map((mode) => {
    const plan = planEpoch(
      g,
      train,
      featureDim * 4,
      mode,
      p.runPartitions as number,
      p.runCapacity as number,
      p.runCometRatio as number,
      createRng(seed),
    );
    const peakEdges = Math.max(...plan.states.map((s) => nnzOf(s.graph)));
    const partitionsRead = plan.states.reduce((a, s) => a + s.partitionsRead, 0);
    return [
      mode,
      plan.states.length,
      plan.swaps,
      partitionsRead,
      plan.readBytes,
      peakEdges,
      peakEdges / Math.max(1, nnzOf(g)),
    ];
  });
  const m = 'measured' as const;
  const num = (key: string, label: string, unit?: string) => ({
    key,
    label,
    unit,
    type: 'number' as const,
    provenance: m,
  });
  return {
    id: 'upload-io',
    title: `Partition buffer on ${upload.task.name}: one epoch (p = ${p.runPartitions}, c = ${p.runCapacity})`,
    rows,
    columns: [
      { key: 'mode', label: 'Training', type: 'string', provenance: m },
      num('states', 'Buffer states'),
      num('swaps', 'Partition swaps'),
      num('partitionsRead', 'Partitions read'),
      { ...num('readBytes', 'Bytes a disk would read (counted, 8 B/edge)', 'B'), provenance: 'modeled' as const },
      num('peakEdges', 'Peak resident edge entries'),
      num('peakShare', 'Peak resident share of the edges'),
    ],
    note: `Counted on the uploaded graph's own edge buckets (${g.numNodes} nodes in id-range partitions, ${featureDim * 4} B feature rows, 8 B per edge entry); the disk is simulated, so these are byte counts, not timings.`,
  };
}

/** The ordering/IO model with this graph's counts and the real-run buffer; null + a notice if that buffer cannot run. */
export function uploadedModelView(
  upload: UploadedGraph,
  p: ParamValues,
  cal: Calibration | undefined,
  notices: string[],
): RunResult | null {
  const { task, labelled, fileEdges } = upload;
  const n = task.graph.numNodes;
  const overrides: ParamValues = {
    task: labelled ? 'node-classification' : 'link-prediction',
    numNodes: n,
    numEdges: fileEdges,
    trainFraction: task.train.length / n,
    partitions: p.runPartitions as number,
    capacity: p.runCapacity as number,
    cometPartitions: p.runPartitions as number,
    cometCapacity: p.runCapacity as number,
    cometRatio: p.runCometRatio as number,
    ...(labelled ? { bytesPerNode: task.featureDim * 4 } : {}),
  };
  try {
    const r = buildModelResult({ ...p, ...overrides }, cal);
    notices.push(
      `Modeled view uses "${task.name}": ${n} nodes, ${fileEdges} edges as listed, ${labelled ? `node classification with ${task.featureDim * 4} B feature rows` : `link prediction (no labels) with ${p.bytesPerNode} B per node`}, ` +
        `BETA and COMET on the real-run buffer (p = ${p.runPartitions}, c = ${p.runCapacity}, ${p.runCometRatio} per logical partition) instead of the Workload and Orderings sliders.`,
    );
    return r;
  } catch (e) {
    if (!(e instanceof UserInputError)) throw e;
    notices.push(`Modeled view for the uploaded graph skipped: ${e.message}.`);
    return null;
  }
}
