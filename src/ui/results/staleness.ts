// Which parameters moved since an outcome was computed, named for the reader: "Nodes 4 → 8".
import { formatParamValue } from '../../core/params';
import type { Experiment, ParamValues } from '../../experiments/types';
import type { RunOutcome } from '../../state/types';

export interface ParamChange {
  label: string;
  was: string;
  now: string;
}

export function changedParams(
  experiment: Experiment,
  outcome: Pick<RunOutcome, 'values' | 'seed'>,
  currentValues: ParamValues,
  currentSeed: number,
): ParamChange[] {
  const changes: ParamChange[] = [];
  const show = (v: ParamValues[string] | undefined) => (v === undefined || v === '' ? '—' : formatParamValue(v));
  for (const spec of experiment.params) {
    const was = outcome.values[spec.key];
    const now = currentValues[spec.key];
    if (was !== now) {
      const unit = 'unit' in spec && spec.unit ? ` ${spec.unit}` : '';
      changes.push({ label: spec.label, was: `${show(was)}${unit}`, now: `${show(now)}${unit}` });
    }
  }
  if (outcome.seed !== currentSeed)
    changes.push({ label: 'Seed', was: String(outcome.seed), now: String(currentSeed) });
  return changes;
}
