// The open experiment, chart first: a sticky bar with the title and the run controls, then the
// headline metrics and charts beside the parameter panel, and the paper and description below.
// On a phone the parameters become a drawer opened from the bar, so the charts come first.
import { useState } from 'react';
import type { Experiment } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { ParamPanel } from '../params/ParamPanel';
import { PresenterMode } from '../presenter/PresenterMode';
import { LoadedRuns, LoadedRunsLink } from '../results/LoadedRuns';
import { LoadResultsButton } from '../results/LoadResults';
import { Results } from '../results/Results';
import { RunControls } from '../run/RunControls';
import { RunError } from '../run/RunError';
import { PaperCard } from './PaperCard';

const GPU_NEEDS: Record<Experiment['gpu'], string> = {
  required: 'Runs its kernels on your GPU (WebGPU)',
  optional: 'Live model needs no GPU; Run also measures on your GPU',
  none: 'Modeled: no GPU needed',
};

export function ExperimentView({ experiment }: { experiment: Experiment }) {
  const outcome = useWorkbench((s) => (s.run.outcome?.experimentId === experiment.id ? s.run.outcome : undefined));
  const measured = useWorkbench((s) => (s.measured?.experimentId === experiment.id ? s.measured : undefined));
  const values = useWorkbench((s) => s.values);
  const seed = useWorkbench((s) => s.seed);
  // A live model that refused its inputs has nothing to compute: the error above says why.
  const failed = useWorkbench((s) => s.run.status === 'error');
  const { setPresenterOpen } = useActions();
  const [drawerOpen, setDrawerOpen] = useState(false);

  return (
    <article className="experiment" aria-labelledby="experiment-title">
      <header className="experiment-bar">
        <div className="experiment-name">
          <h1 id="experiment-title">{experiment.title}</h1>
          <p className="experiment-gpu">
            {experiment.paper ? `${experiment.paper.venue} ${experiment.paper.year} · ` : ''}
            {GPU_NEEDS[experiment.gpu]}
          </p>
        </div>
        <RunControls experiment={experiment} />
        <div className="experiment-actions">
          <button
            type="button"
            className="drawer-toggle"
            aria-expanded={drawerOpen}
            aria-controls="param-panel"
            onClick={() => setDrawerOpen((o) => !o)}
          >
            Parameters
          </button>
          <LoadResultsButton />
          <button type="button" onClick={() => setPresenterOpen(true)}>
            Presenter mode
          </button>
        </div>
      </header>
      <div className="experiment-body">
        <div className="experiment-output">
          <RunError />
          <LoadedRunsLink experiment={experiment} />
          {outcome ? (
            <Results
              experiment={experiment}
              outcome={outcome}
              measured={measured}
              currentValues={values}
              currentSeed={seed}
            />
          ) : (
            <div className="results-empty">
              {experiment.gpu === 'none' || experiment.model ? (
                <p>{failed ? 'No results for these parameters.' : 'Computing…'}</p>
              ) : (
                <>
                  <p className="results-empty-lead">No results yet. Press Run to measure on this device.</p>
                  <p>{experiment.summary}</p>
                </>
              )}
            </div>
          )}
          <LoadedRuns experiment={experiment} own={measured} />
        </div>
        <ParamPanel experiment={experiment} drawerOpen={drawerOpen} onCloseDrawer={() => setDrawerOpen(false)} />
      </div>
      <section className="experiment-about" aria-label="About this experiment">
        <p className="experiment-summary">{experiment.summary}</p>
        {experiment.paper && <PaperCard paper={experiment.paper} />}
      </section>
      <PresenterMode experiment={experiment} />
    </article>
  );
}
