// The preset's headline against the paper: the energy the tuned clock saves for the chosen device
// and workload (Table 3 on Orin, Table 2 on TX2). Rows a model constant was chosen from agree by
// construction, and the record says so instead of calling that a reproduction.
import { judgeReproduction, type ParamValues, type Reproduction } from '../types';
import { calibrationRows, type CalibrationRow } from './calibration';
import type { FinetuneResult } from './finetune';
import { PAPER } from './paperClaims';
import { orinB7, tx2B4, type Settings } from './params';
import { POLICIES } from './scheduler';

/** Stated tolerance on an energy saving: ±25 % of the paper's value. */
export const SAVING_TOLERANCE = 0.25;

const NAMES: Record<string, string> = { b0: 'B0', b4: 'B4', b7: 'B7', bert: 'BERT-base' };

export function polythrottleReproductions(p: ParamValues): Reproduction[] {
  const device = String(p.device);
  const workload = String(p.workload);
  const prefix = `${device === 'orin' ? 'Orin' : 'TX2'} ${NAMES[workload]}: energy saved`;
  return calibrationRows()
    .filter((r) => r.result.startsWith(prefix))
    .map((r) => {
      const record: Reproduction = {
        key: `saving-${device}-${workload}`,
        claim: r.result,
        where: r.where,
        paper: r.paper,
        ours: r.ours,
        unit: '%',
        oursProvenance: 'modeled',
        tolerance: SAVING_TOLERANCE,
      };
      const status = judgeReproduction(record).status;
      return {
        ...record,
        cause: causeOf(r.role, status),
        // A row a constant was chosen from agrees by construction, never as a reproduction.
        basis: r.role === 'calibrated' ? 'calibrated' : 'independent',
      };
    });
}

function causeOf(role: CalibrationRow['role'], status: 'within' | 'off'): string {
  if (role === 'calibrated' && status === 'within')
    return 'The device model’s constants were chosen with this row among the calibration rows (README, Calibration), so agreement here is by construction, not an independent reproduction.';
  if (role === 'calibrated')
    return 'The device model’s constants were chosen with this row among others, and one set of constants cannot land every row of the table: the gap is what its simple power model (static + f·V(f)² + memory term) cannot fit at once.';
  if (status === 'within')
    return 'Predicted, not fitted: the device model’s constants come from other rows (README, Calibration), so this agreement is an independent check of the model.';
  return 'Predicted, not fitted: the device model’s constants come from other rows (README, Calibration), so the gap is what its simple power model (static + f·V(f)² + memory term, one efficiency per workload) misses for this workload.';
}

/**
 * Stated tolerance on a violation rate: ±50 % of the paper's value. A 30-s trace holds 120–240
 * requests, so at the paper's 2–7.5 % the binomial standard error alone is 25–40 % of the rate.
 */
export const VIOLATION_TOLERANCE = 0.5;

const PAPER_SETTINGS = { 'orin-b7': orinB7, 'tx2-b4': tx2B4 } as const;
const TRACE_NAMES: Record<string, string> = { uniform: 'Uniform', poisson: 'Poisson', bursty: 'bursty' };

/**
 * Tables 5–6: the adaptive scheduler's violation rate per trace, when the settings are the paper's
 * (device, model, precision, SLO, rate, fine-tuning batch and iterations); none otherwise.
 */
export function schedulerReproductions(s: Settings, f: FinetuneResult): Reproduction[] {
  const key = `${s.device}-${s.workload}` as keyof typeof PAPER_SETTINGS;
  const paperSet = PAPER_SETTINGS[key];
  if (!paperSet) return [];
  const same =
    s.problem.precision === paperSet.precision &&
    s.replay.sloS === paperSet.sloS &&
    s.rate === paperSet.rate &&
    s.replay.ftBatch === paperSet.ftBatch &&
    s.replay.ftIterations === paperSet.ftIterations;
  if (!same) return [];
  const paperRows = PAPER.violations[key];
  const where = key === 'orin-b7' ? 'Table 5' : 'Table 6';
  const label = `${s.device === 'orin' ? 'Orin' : 'TX2'} ${NAMES[s.workload]}`;
  const adaptive = POLICIES.indexOf('adaptive');
  return f.runs
    .filter((r) => r.trace in paperRows)
    .map((r) => {
      const record: Reproduction = {
        key: `violations-adaptive-${key}-${r.trace}`,
        claim: `${label}, ${TRACE_NAMES[r.trace]} trace: SLO violations with the adaptive scheduler`,
        where: r.trace === 'bursty' ? `${where} (the paper’s Twitter trace; ours synthetic)` : where,
        paper: paperRows[r.trace as keyof typeof paperRows][adaptive]!,
        ours: r.byPolicy.adaptive.violationPct,
        unit: '%',
        oursProvenance: 'modeled',
        tolerance: VIOLATION_TOLERANCE,
      };
      const status = judgeReproduction(record).status;
      return status === 'within' ? record : { ...record, cause: violationCause(f, s, r.trace) };
    });
}

/** Why the modeled rate is off, with the model's own numbers: how busy inference alone keeps the GPU. */
function violationCause(f: FinetuneResult, s: Settings, trace: string): string {
  const m = f.model;
  const alone = m.idleSeconds(1) + m.batchSeconds(f.tuned.gpu, f.tuned.mem, 1);
  const busyPct = 100 * s.rate * alone;
  const run = f.runs.find((r) => r.trace === trace)!;
  const only = run.byPolicy['inference-only'].violationPct;
  const greedyP99 = run.byPolicy.greedy.p99;
  const perQuery = `one ${m.workload.name} query takes ${(1000 * alone).toFixed(0)} ms at PolyThrottle’s clocks`;
  const calibrated =
    'its speed follows from constants calibrated to the paper’s energy results (Tables 2–3, Figs. 2–3), not to its latencies';
  if (busyPct >= 50)
    return (
      `In this device model ${perQuery} and batching gains almost nothing, so ${s.rate} req/s keeps the GPU about ${busyPct.toFixed(0)} % busy with inference alone ` +
      (only >= 0.05
        ? `(inference-only already misses ${only.toFixed(1)} % here)`
        : '(inference-only just meets the SLO here)') +
      `; a fine-tuning iteration beside it takes half the GPU and the queue overflows. The paper’s board evidently serves this model faster than the device model, where ${calibrated}.`
    );
  return (
    `In this device model ${perQuery}, so ${s.rate} req/s keeps the GPU only about ${busyPct.toFixed(0)} % busy: even with fine-tuning beside inference at half speed ` +
    `the greedy p99 latency is ${greedyP99.toFixed(2)} s, under the ${s.replay.sloS}-s SLO, so no scheduler misses. The paper’s board is evidently much closer to saturation at this rate ` +
    `(its greedy scheduler misses 16–35 %); in the device model ${calibrated}.`
  );
}
