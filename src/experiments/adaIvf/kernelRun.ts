// The real run of Ada-IVF on this device's GPU: build the update/query stream, replay it against
// every selected maintenance policy with real WGSL kernels (runPolicies.ts), turn the replay into
// the measured tables (resultTables.ts), check the GPU work against CPU references (checks.ts),
// and compare the work the analytic model (model.ts) predicts with the work this run counted.
// Returns this device's milliseconds per distance evaluation as the live model's calibration.
import type { Gpu } from '../../gpu/gpu';
import { VectorFileError } from '../../data/vectorFile';
import { throwIfAborted } from '../runner';
import { UserInputError, type ParamValues, type RunContext, type RunResult, type Table } from '../types';
import { runChecks } from './checks';
import { shareSeedsOf } from './cpuRun';
import { modelStream } from './model';
import { POLICY_LABELS } from './paperClaims';
import { adaIvfReproductions, paperWorkloadOf } from './reproductions';
import { resultTables, summarize } from './resultTables';
import { runPolicies, type StreamResult } from './runPolicies';
import { buildWorkload, policyParams, selectedPolicies } from './setup';

export async function runKernels(gpu: Gpu, p: ParamValues, ctx: RunContext): Promise<RunResult> {
  if (selectedPolicies(p).length === 0) throw new UserInputError('select at least one policy to run');
  ctx.progress(0, 'building the workload');
  let workload;
  try {
    workload = await buildWorkload(p, ctx.rng, ctx.files);
  } catch (e) {
    if (e instanceof VectorFileError) throw new UserInputError(e.message);
    throw e;
  }
  gpu.checkBindingSize(
    workload.data.byteLength,
    `the stream's ${workload.data.length / workload.d} vectors of d=${workload.d}`,
  );
  throwIfAborted(ctx.signal);
  const stream = await runPolicies(
    gpu,
    workload,
    selectedPolicies(p),
    policyParams(p),
    {
      k: p.k as number,
      nprobe: p.nprobe as number,
      targetRecall: p.targetRecall as number,
      timingReps: p.timingReps as number,
    },
    ctx,
  );
  const measured = resultTables(stream, p.targetRecall as number, gpu.isCpuEmulation);
  const evals = stream.policies.reduce((a, r) => a + r.distanceEvaluations, 0);
  const paperWorkload = paperWorkloadOf(p);
  let reproductions;
  if (paperWorkload) {
    const sums = stream.policies.map((r) => ({
      ...summarize(r),
      rebuildEvalsPerUpdate: r.updates ? r.rebuildEvaluations / r.updates : 0,
      rebuilds: r.events.rebuild,
      splits: r.events.split,
      reclusters: r.events.recluster,
      partitions: r.final.size,
    }));
    // The update-share claim is judged over further seeds too, replayed exactly on the CPU.
    ctx.progress(0.99, 'replaying Ada-IVF and LIRE on further seeds (CPU)');
    reproductions = adaIvfReproductions(paperWorkload, sums, p, 'computed', await shareSeedsOf(p, ctx.seed, sums, ctx));
  }
  const ms = stream.policies.reduce((a, r) => a + r.updateMs, 0);
  return {
    tables: [...measured.tables, modelVsCounted(p, stream)],
    metrics: measured.metrics,
    checks: runChecks(workload, stream),
    charts: measured.charts,
    notices: [
      `Workload: ${workload.source}; ${workload.initial} initial vectors, ${workload.batches.length} update batches.`,
      ...measured.notices,
    ],
    calibration: evals > 0 ? { msPerDistanceEval: ms / evals } : undefined,
    reproductions,
  };
}

/** Maintenance work per policy: what the analytic model predicts from the parameters vs what this run counted. */
function modelVsCounted(p: ParamValues, stream: StreamResult): Table {
  const predicted = modelStream(p).policies;
  return {
    id: 'model-vs-counted',
    title: 'Maintenance work: modeled (from the parameters) vs counted in this run',
    columns: [
      { key: 'policy', label: 'Policy', type: 'string', provenance: 'computed' },
      { key: 'modeled', label: 'Modeled distance evaluations', type: 'number', provenance: 'modeled' },
      { key: 'counted', label: 'Counted distance evaluations', type: 'number', provenance: 'computed' },
      { key: 'ratio', label: 'Modeled / counted', type: 'number', provenance: 'modeled' },
    ],
    rows: stream.policies.map((r) => {
      const m = predicted.find((x) => x.id === r.id)!.total;
      return [
        POLICY_LABELS[r.id] ?? r.label,
        m,
        r.distanceEvaluations,
        r.distanceEvaluations ? m / r.distanceEvaluations : null,
      ];
    }),
    note: 'The analytic model assumes growth spread over all partitions and cold partitions; for Ada-IVF it counts only re-clustering triggered by growth, so deletes, drift, read temperatures and global rebuilds add counted work it does not predict.',
  };
}
