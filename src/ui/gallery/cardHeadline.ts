// What a gallery card says about its experiment: the paper's headline claim beside our own live
// value for the experiment's first preset. A checked reproduction (paper number, ours, verdict)
// is preferred; otherwise the paper's first claim and our primary metric, each named, so the
// card never implies two different quantities are the same one.
import { assessReproduction, type Reproduction } from '../../core/reproduction';
import type { Experiment, Provenance } from '../../experiments/types';
import { defaultValues } from '../../core/params';
import { presetValues } from '../../state/presets';
import { sparkline, type Sparkline } from './sparkline';

export interface CardHeadline {
  /** The paper's side: claim text and, when printed, its number. */
  claim?: { text: string; value?: number; unit?: string; where: string };
  /** Our side, computed from the experiment's model on its first preset. */
  ours?: { label: string; value: number | string; unit?: string; provenance: Provenance; preset?: string };
  /** Set when the result checks the claim itself against a stated tolerance. */
  /** reproduced: independent agreement; qualified: within tolerance but not independent; differs: off. */
  verdict?: 'reproduced' | 'qualified' | 'differs';
  /** The experiment's first chart in miniature, from the same model run. */
  chart?: Sparkline;
}

export function cardHeadline(experiment: Experiment): CardHeadline {
  const preset = experiment.presets[0];
  const firstClaim = experiment.paper?.claims[0];
  const claim = firstClaim && {
    text: firstClaim.text,
    value: firstClaim.value,
    unit: firstClaim.unit,
    where: firstClaim.where,
  };
  if (!experiment.model) return { claim };
  const values = preset ? presetValues(experiment, preset) : defaultValues(experiment.params);
  let result;
  try {
    result = experiment.model(values);
  } catch {
    return { claim };
  }
  const first = result.charts[0];
  const chart =
    first &&
    sparkline(
      first,
      result.tables.find((t) => t.id === first.table),
    );
  const reproduction = result.reproductions?.[0];
  if (reproduction) {
    return {
      chart,
      claim: {
        text: reproduction.claim,
        value: reproduction.paper,
        unit: reproduction.unit,
        where: reproduction.where,
      },
      ours: {
        label: 'Ours',
        value: reproduction.ours,
        unit: reproduction.unit,
        provenance: reproduction.oursProvenance,
        preset: preset?.label,
      },
      verdict: verdictOf(reproduction),
    };
  }
  const metric = result.metrics.find((m) => m.primary) ?? result.metrics[0];
  if (!metric) return { claim, chart };
  return {
    claim,
    chart,
    ours: {
      label: metric.label,
      value: metric.value,
      unit: metric.unit,
      provenance: metric.provenance,
      preset: preset?.label,
    },
  };
}

function verdictOf(r: Reproduction): 'reproduced' | 'qualified' | 'differs' {
  const a = assessReproduction(r);
  return a.reproduced ? 'reproduced' : a.status === 'within' ? 'qualified' : 'differs';
}
