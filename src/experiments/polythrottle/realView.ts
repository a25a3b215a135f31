// Tables of the real run on this GPU: measured latency of every request under each scheduler, the
// profiled co-located latencies with the NNLS predictor fitted to them, and the training loss.
import type { Metric, RunResult, Table } from '../types';
import { FEATURE_NAMES } from './interference';
import {
  MAX_RATE,
  MIN_SLO_S,
  PROMPT,
  REAL_LOAD,
  REAL_MODEL,
  REAL_SLO_FACTOR,
  TRAIN_SEQ,
  type RealResult,
} from './kernelRun';
import { col } from './referenceTables';

export function realResult(r: RealResult, emulated: boolean): RunResult {
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
  const runs: Table = {
    id: 'real-schedulers',
    title: `Measured on this GPU: fine-tuning beside inference, tiny Llama (SLO ${(r.sloS * 1000).toFixed(1)} ms)`,
    columns: [
      col('scheduler', 'Scheduler', undefined, 'measured', true),
      col('requests', 'Requests', undefined, 'measured'),
      col('violations', 'SLO violations', '%', 'measured'),
      col('p50', 'Median latency', 'ms', 'measured'),
      col('p99', 'p99 latency', 'ms', 'measured'),
      col('steps', 'Training steps done', undefined, 'measured'),
      col('loss', 'Last training loss', 'nats', 'measured'),
    ],
    rows: r.runs.map((x) => [
      x.policy,
      x.latencies.length,
      x.violationPct,
      1000 * q(x.latencies, 0.5),
      1000 * q(x.latencies, 0.99),
      x.steps,
      x.losses.length ? x.losses[x.losses.length - 1]! : null,
    ]),
    note:
      `Model: ${REAL_MODEL.numHiddenLayers} layers, hidden ${REAL_MODEL.hiddenSize}, vocabulary ${REAL_MODEL.vocabSize}; a request is a ${PROMPT}-token prefill, a training step ${TRAIN_SEQ}-token sequences. ` +
      `Poisson arrivals at ${r.rate.toFixed(1)} req/s (inference alone ${100 * REAL_LOAD} % busy at batch 1, at most ${MAX_RATE} req/s); SLO = ${REAL_SLO_FACTOR}× the measured batch-1 latency, at least ${1000 * MIN_SLO_S} ms. Replayed in real time; latencies by the wall clock.`,
  };
  const profile: Table = {
    id: 'real-predictor-fit',
    title: 'Measured co-located latency and the NNLS predictor fitted to it',
    columns: [
      col('ftBatch', 'Training batch', undefined, 'measured', true),
      col('batch', 'Inference batch', undefined, 'measured'),
      col('measured', 'Measured latency', 'ms', 'measured'),
      col('predicted', 'Predicted latency', 'ms', 'computed'),
    ],
    rows: r.profile.map((p) => [`training batch ${p.ftBatch}`, p.batch, 1000 * p.measured, 1000 * p.predicted]),
  };
  const theta: Table = {
    id: 'real-predictor',
    title: 'Predictor coefficients fitted to this GPU (NNLS)',
    columns: [col('term', 'Term', undefined, 'computed', true), col('theta', 'Coefficient', undefined, 'computed')],
    rows: r.theta.map((t, i) => [FEATURE_NAMES[i]!, t]),
  };
  const by = (p: string) => r.runs.find((x) => x.policy === p)!;
  const metrics: Metric[] = [
    {
      key: 'realAdaptiveViolations',
      label: emulated ? 'Measured SLO violations, adaptive (CPU emulation)' : 'Measured SLO violations, adaptive',
      value: by('adaptive').violationPct,
      unit: '%',
      provenance: 'measured',
    },
    {
      key: 'realGreedyViolations',
      label: emulated ? 'Measured SLO violations, greedy (CPU emulation)' : 'Measured SLO violations, greedy',
      value: by('greedy').violationPct,
      unit: '%',
      provenance: 'measured',
    },
  ];
  return {
    tables: [runs, profile, theta],
    metrics,
    checks: [],
    charts: [
      {
        id: 'real-schedulers',
        title: 'Measured SLO violations per scheduler',
        kind: 'bar',
        table: 'real-schedulers',
        x: 'scheduler',
        y: 'violations',
      },
      {
        id: 'real-predictor-fit',
        title: 'Predicted vs measured co-located latency',
        kind: 'scatter',
        table: 'real-predictor-fit',
        x: 'measured',
        y: 'predicted',
        series: 'ftBatch',
      },
    ],
    notices: emulated
      ? ['This GPU is CPU emulation (SwiftShader): the measured latencies say little about real hardware.']
      : [],
  };
}
