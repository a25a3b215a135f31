// One line above the headline metrics: what this view is (live model, calibrated model or a
// run), its seed and device, and a stale note when the sliders have moved on from a run.
import type { Experiment } from '../../experiments/types';
import type { RunOutcome } from '../../state/types';
import type { ParamChange } from './staleness';
import { StaleNote } from './StaleBadge';

function describe(experiment: Experiment, outcome: RunOutcome): string {
  if (outcome.kind === 'run') return experiment.gpu === 'none' ? 'Computed for the current parameters' : 'Your run';
  if (outcome.calibratedBy) return 'Live model, calibrated by your last run';
  if (experiment.gpu === 'none') return 'Live model';
  return 'Live model (press Run to measure on this device)';
}

export function ResultsMeta(props: { experiment: Experiment; outcome: RunOutcome; stale: ParamChange[] }) {
  const { experiment, outcome, stale } = props;
  return (
    <div className="results-head">
      <h2 id="results-heading">Results</h2>
      <p className="results-meta">
        {describe(experiment, outcome)} · seed {outcome.seed} · device: {outcome.device}
        {outcome.kind === 'run' ? ` · finished ${new Date(outcome.finishedAt).toLocaleTimeString()}` : ''}
      </p>
      <StaleNote changes={stale} />
    </div>
  );
}
