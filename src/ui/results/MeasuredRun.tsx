// The last full run, kept beside the live model after the sliders move: its checks, metrics,
// charts and tables as measured, the parameters it was measured at, and a "stale" badge with a
// one-click re-run when those differ from the panel's.
import type { Experiment } from '../../experiments/types';
import type { RunOutcome } from '../../state/types';
import { CheckBadges } from './CheckBadges';
import { MetricCards } from './MetricCards';
import { Notices, OutcomeCharts, OutcomeTables } from './OutcomeParts';
import type { ParamChange } from './staleness';
import { StaleNote } from './StaleBadge';

interface Props {
  experiment: Experiment;
  outcome: RunOutcome;
  changes: ParamChange[];
}

export function MeasuredRun({ experiment, outcome, changes }: Props) {
  return (
    <section className="measured-run" aria-labelledby="measured-heading" data-view="measured">
      <div className="measured-head">
        <h2 id="measured-heading">Your last run</h2>
        <p className="results-meta">
          {experiment.title} · seed {outcome.seed} · device: {outcome.device} · finished{' '}
          {new Date(outcome.finishedAt).toLocaleTimeString()}
          {changes.length === 0 ? ' · at the current parameters' : ''}
        </p>
        <StaleNote changes={changes} />
      </div>
      <KeptRunBody outcome={outcome} suffix="-run" />
    </section>
  );
}

/** The kept run's checks, metrics, charts, notices and (folded) tables; also used for loaded files. */
export function KeptRunBody({ outcome, suffix }: { outcome: RunOutcome; suffix: string }) {
  const { result } = outcome;
  return (
    <>
      <CheckBadges checks={result.checks} />
      <MetricCards metrics={result.metrics} />
      <OutcomeCharts outcome={outcome} suffix={suffix} />
      <Notices notices={result.notices} />
      <details className="measured-tables">
        <summary>Tables of this run ({result.tables.length})</summary>
        <OutcomeTables outcome={outcome} suffix={suffix} />
      </details>
    </>
  );
}
