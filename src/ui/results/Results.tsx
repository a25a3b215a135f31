// Everything the current view produced, chart first: headline metrics, charts, the paper-vs-ours
// panel, checks and notices, the last measured run when the sliders have moved on from it, then
// the tables. Exports describe the outcome that produced them (its params, seed, device), not the
// panel's current state, which may have moved on.
import type { Experiment, ParamValues } from '../../experiments/types';
import type { RunOutcome } from '../../state/types';
import { CheckBadges } from './CheckBadges';
import { MeasuredRun } from './MeasuredRun';
import { MetricCards, splitHeadline } from './MetricCards';
import { Notices, OutcomeCharts, OutcomeTables } from './OutcomeParts';
import { ReproductionPanel } from './ReproductionPanel';
import { ResultsMeta } from './ResultsMeta';
import { changedParams } from './staleness';

interface Props {
  experiment: Experiment;
  /** The latest view: the live model, or a run just finished. */
  outcome: RunOutcome;
  /** The last full run, when there is one (it may equal `outcome`). */
  measured?: RunOutcome;
  currentValues: ParamValues;
  currentSeed: number;
}

/** Above the fold: says a measured run is kept further down, and whether it is stale. */
function KeptRunLink({ changes }: { changes: number }) {
  return (
    <p className="kept-run-link">
      <a href="#measured-heading">Your last run’s measurements</a> are kept below, beside this live model
      {changes > 0 ? (
        <>
          {' '}
          <span className="badge badge-stale">stale</span> (measured at other parameters)
        </>
      ) : (
        ' (measured at these parameters)'
      )}
      .
    </p>
  );
}

export function Results({ experiment, outcome, measured, currentValues, currentSeed }: Props) {
  const { result } = outcome;
  // A run shown as the main view (GPU tools without a model) falls behind when sliders move.
  const stale =
    outcome.kind === 'run' && experiment.gpu !== 'none'
      ? changedParams(experiment, outcome, currentValues, currentSeed)
      : [];
  const keptRun = measured && measured !== outcome ? measured : undefined;
  const { headline, more } = splitHeadline(result.metrics);

  return (
    <section className="results" aria-labelledby="results-heading">
      <ResultsMeta experiment={experiment} outcome={outcome} stale={stale} />
      {keptRun && <KeptRunLink changes={changedParams(experiment, keptRun, currentValues, currentSeed).length} />}
      <MetricCards metrics={headline} label="Headline metrics" />
      <OutcomeCharts outcome={outcome} />
      {more.length > 0 && <MetricCards metrics={more} label="More metrics" />}
      <ReproductionPanel reproductions={result.reproductions} />
      <CheckBadges checks={result.checks} />
      <Notices notices={result.notices} />
      {keptRun && (
        <MeasuredRun
          experiment={experiment}
          outcome={keptRun}
          changes={changedParams(experiment, keptRun, currentValues, currentSeed)}
        />
      )}
      <OutcomeTables outcome={outcome} />
    </section>
  );
}
