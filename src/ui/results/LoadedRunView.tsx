// A run read from a results file (another device, or an earlier session), shown like the kept
// run: its device and date in the header, the file it came from, every number with the
// provenance the file recorded, and the paper reproductions it checked.
import type { Experiment } from '../../experiments/types';
import { NO_GPU_DEVICE, type LoadedRun } from '../../state/resultsFile';
import { KeptRunBody } from './MeasuredRun';
import { ReproductionPanel } from './ReproductionPanel';
import { changedParams } from './staleness';
import type { ParamValues } from '../../experiments/types';

interface Props {
  experiment: Experiment;
  run: LoadedRun;
  index: number;
  currentValues: ParamValues;
  currentSeed: number;
  onRemove(): void;
}

export function LoadedRunView({ experiment, run, index, currentValues, currentSeed, onRemove }: Props) {
  const { outcome } = run;
  const headingId = `loaded-heading-${index}`;
  const when = new Date(outcome.finishedAt);
  const changes = changedParams(experiment, outcome, currentValues, currentSeed);
  return (
    <section className="measured-run loaded-run" aria-labelledby={headingId} data-view="loaded">
      <div className="measured-head">
        <h2 id={headingId}>
          {outcome.device === NO_GPU_DEVICE ? 'Run without a GPU (modeled only)' : `Run on ${outcome.device}`}
        </h2>
        <p className="results-meta">
          Loaded from the file “{run.fileName}” · {run.dateFrom === 'file' ? 'run on' : 'file saved'}{' '}
          {when.toLocaleString()} · seed {outcome.seed}
          {changes.length === 0
            ? ' · at the current parameters'
            : ` · at other parameters (${changes
                .slice(0, 3)
                .map((c) => c.label)
                .join(', ')}${changes.length > 3 ? ', …' : ''})`}
        </p>
        <button type="button" className="loaded-remove" onClick={onRemove}>
          Remove this run
        </button>
      </div>
      <ReproductionPanel reproductions={outcome.result.reproductions} />
      <KeptRunBody outcome={outcome} suffix={`-file${index + 1}`} />
    </section>
  );
}
