// The selected experiment: description and paper, parameters beside run controls and results.
import type { Experiment } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { ParamPanel } from '../params/ParamPanel';
import { PresenterMode } from '../presenter/PresenterMode';
import { Results } from '../results/Results';
import { RunControls } from '../run/RunControls';
import { RunError } from '../run/RunError';
import { PaperCard } from './PaperCard';

const GPU_NEEDS: Record<Experiment['gpu'], string> = {
  required: 'Runs WGSL kernels on your GPU',
  optional: 'Uses your GPU when available; modeled parts run without it',
  none: 'Modeled: no GPU needed',
};

export function ExperimentView({ experiment }: { experiment: Experiment }) {
  const outcome = useWorkbench((s) => (s.run.outcome?.experimentId === experiment.id ? s.run.outcome : undefined));
  const values = useWorkbench((s) => s.values);
  const seed = useWorkbench((s) => s.seed);
  const { setPresenterOpen } = useActions();

  return (
    <article className="experiment" aria-labelledby="experiment-title">
      <header className="experiment-head">
        <div>
          <h1 id="experiment-title">{experiment.title}</h1>
          <p className="experiment-summary">{experiment.summary}</p>
          <p className="experiment-gpu">{GPU_NEEDS[experiment.gpu]}</p>
        </div>
        <button type="button" onClick={() => setPresenterOpen(true)}>
          Presenter mode
        </button>
      </header>
      {experiment.paper && <PaperCard paper={experiment.paper} />}
      <div className="experiment-body">
        <ParamPanel experiment={experiment} />
        <div className="experiment-output">
          <RunControls experiment={experiment} />
          <RunError />
          {outcome ? (
            <Results experiment={experiment} outcome={outcome} currentValues={values} currentSeed={seed} />
          ) : (
            <p className="results-empty">
              No results yet. {experiment.gpu === 'none' || experiment.model ? 'Computing…' : 'Press Run.'}
            </p>
          )}
        </div>
      </div>
      <PresenterMode experiment={experiment} />
    </article>
  );
}
