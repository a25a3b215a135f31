// Tables and charts of fine-tuning beside inference: SLO violations per trace and scheduler
// (Tables 5 and 6, with the paper's numbers when the device and model are one of its two
// settings), energy saved by PolyThrottle's clocks, the fitted predictor and one replay's timeline.
import type { ChartSpec, Metric, RunResult, Table } from '../types';
import { col } from './referenceTables';
import type { FinetuneResult } from './finetune';
import { FEATURE_NAMES } from './interference';
import { PAPER } from './paperClaims';
import { POLICIES } from './scheduler';
import type { Settings } from './params';

export function finetuneResult(f: FinetuneResult, s: Settings): RunResult {
  const d = f.model.device;
  const key = `${s.device}-${s.workload}` as keyof typeof PAPER.violations;
  const paperRows = PAPER.violations[key] as Record<string, readonly number[]> | undefined;
  const paperSaved = (PAPER.finetuneSavedPct as Record<string, number>)[key];
  const violations: Table = {
    id: 'slo-violations',
    title: `SLO violations with fine-tuning beside inference (${d.name}, ${f.model.workload.name}, SLO ${s.replay.sloS} s)`,
    columns: [
      col('trace', 'Trace', undefined, 'modeled', true),
      col('requests', 'Requests', undefined, 'modeled'),
      col('scheduler', 'Scheduler', undefined, 'modeled', true),
      col('violations', 'SLO violations', '%', 'modeled'),
      col('paper', 'SLO violations (paper)', '%', 'paper'),
      col('p99', 'p99 latency', 's', 'modeled'),
      col('ftDone', 'Fine-tuning iterations done', undefined, 'modeled'),
      col('end', 'All work done at', 's', 'modeled'),
    ],
    rows: f.runs.flatMap((r) =>
      POLICIES.map((pol, i) => {
        const x = r.byPolicy[pol];
        const paper = paperRows?.[r.trace]?.[i] ?? null;
        return [r.trace, r.arrivals.length, pol, x.violationPct, paper, x.p99, x.ftDone, x.durationS];
      }),
    ),
    note:
      (paperRows ? 'Paper: Tables 5 and 6; its third trace is a Twitter minute, ours a synthetic bursty trace. ' : '') +
      `Replayed at PolyThrottle's clocks (GPU ${d.gpuMHz[f.tuned.gpu]} MHz, memory ${d.memMHz[f.tuned.mem]} MHz).`,
  };
  const energy: Table = {
    id: 'finetune-energy',
    title: "Energy of the adaptive scheduler: default clocks vs PolyThrottle's clocks",
    columns: [
      col('trace', 'Trace', undefined, 'modeled', true),
      col('defaultJ', 'Default clocks', 'J', 'modeled'),
      col('tunedJ', "PolyThrottle's clocks", 'J', 'modeled'),
      col('saved', 'Energy saved', '%', 'modeled'),
      col('paperSaved', 'Energy saved (paper)', '%', 'paper'),
      col('defaultViolations', 'SLO violations at default clocks', '%', 'modeled'),
    ],
    rows: f.runs.map((r) => {
      const tuned = r.byPolicy.adaptive.energyJ;
      const def = r.adaptiveDefault.energyJ;
      return [r.trace, def, tuned, 100 * (1 - tuned / def), paperSaved ?? null, r.adaptiveDefault.violationPct];
    }),
    note: 'Both replays run until every request is served and every fine-tuning iteration is done, so they do the same work.',
  };
  const predictor: Table = {
    id: 'predictor',
    title: `Latency predictor fitted by NNLS (mean error ${f.predictor.mapePct.toFixed(1)} %)`,
    columns: [col('term', 'Term', undefined, 'computed', true), col('theta', 'Coefficient', undefined, 'computed')],
    rows: f.predictor.theta.map((t, i) => [FEATURE_NAMES[i]!, t]),
    note: 'FLOPs in GFLOP, AI = MACs / values touched. Fitted to profiled co-located latencies with measurement noise. In this model the GPU is time-sliced equally, so the fine-tuning terms can come out as zero.',
  };
  const profile: Table = {
    id: 'predictor-fit',
    title: 'Predictor: profiled vs predicted co-located latency',
    columns: [
      col('ftBatch', 'Fine-tuning batch', undefined, 'modeled', true),
      col('batch', 'Inference batch', undefined, 'modeled'),
      col('measured', 'Profiled latency', 's', 'modeled'),
      col('predicted', 'Predicted latency', 's', 'computed'),
    ],
    rows: f.predictor.profile.map((q) => [`ft batch ${q.ftBatch}`, q.batch, q.measured, q.predicted]),
  };
  const shown = f.runs.find((r) => r.trace === s.timelineTrace) ?? f.runs[0]!;
  const timeline: Table = {
    id: 'timeline',
    title: `Replay timeline, ${shown.trace} trace, adaptive scheduler`,
    columns: [
      col('lane', 'Lane', undefined, 'modeled', true),
      col('start', 'Start', 's', 'modeled'),
      col('end', 'End', 's', 'modeled'),
    ],
    rows: shown.byPolicy.adaptive.segments.map((g) => [g.lane, g.start, g.end]),
  };
  const a = f.runs.map((r) => r.byPolicy.adaptive.violationPct);
  const g = f.runs.map((r) => r.byPolicy.greedy.violationPct);
  const mean = (xs: number[]) => xs.reduce((x, y) => x + y, 0) / xs.length;
  const saved = mean(f.runs.map((r) => 100 * (1 - r.byPolicy.adaptive.energyJ / r.adaptiveDefault.energyJ)));
  const metrics: Metric[] = [
    {
      key: 'adaptiveViolations',
      label: 'SLO violations, adaptive (mean over traces)',
      value: mean(a),
      unit: '%',
      provenance: 'modeled',
    },
    {
      key: 'greedyViolations',
      label: 'SLO violations, greedy (mean over traces)',
      value: mean(g),
      unit: '%',
      provenance: 'modeled',
    },
    {
      key: 'finetuneSaved',
      label: "Energy saved by PolyThrottle's clocks while fine-tuning",
      value: saved,
      unit: '%',
      provenance: 'modeled',
    },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'slo-violations',
      title: 'SLO violations per scheduler',
      kind: 'bar',
      table: 'slo-violations',
      x: 'trace',
      y: 'violations',
      series: 'scheduler',
    },
    {
      id: 'predictor-fit',
      title: 'Predicted vs profiled latency',
      kind: 'scatter',
      table: 'predictor-fit',
      x: 'measured',
      y: 'predicted',
      series: 'ftBatch',
    },
    {
      id: 'timeline',
      title: 'Inference batches and fine-tuning iterations',
      kind: 'gantt',
      table: 'timeline',
      x: 'start',
      x2: 'end',
      y: 'lane',
      series: 'lane',
    },
  ];
  return { tables: [violations, energy, predictor, profile, timeline], metrics, checks: [], charts, notices: [] };
}
