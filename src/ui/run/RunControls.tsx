// Run / Cancel and progress, always in the experiment's sticky bar. Modeled experiments also
// recompute by themselves as parameters change; Run stays for an explicit (re-)run.
import type { Experiment } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';

function hint(experiment: Experiment): string {
  if (experiment.gpu === 'none') return 'Recomputes as you change parameters.';
  if (experiment.model) return 'Charts follow the sliders; Run also measures on this device.';
  return 'Run measures on this device.';
}

export function RunControls({ experiment }: { experiment: Experiment }) {
  const run = useWorkbench((s) => s.run);
  const device = useWorkbench((s) => s.device);
  const { startRun, cancelRun } = useActions();
  const running = run.status === 'running';
  const noGpu = experiment.gpu === 'required' && device.status === 'unavailable';
  const pct = Math.round(run.progress * 100);

  return (
    <section className="run-controls" aria-label="Run controls">
      <div className="run-buttons">
        <button
          type="button"
          className="primary"
          onClick={() => void startRun()}
          disabled={noGpu || (running && experiment.gpu !== 'none')}
          aria-describedby={noGpu ? 'run-disabled-reason' : undefined}
        >
          Run
        </button>
        <button type="button" onClick={cancelRun} disabled={!running}>
          Cancel
        </button>
        <div className="run-status">
          {run.status === 'idle' ? (
            <span className="run-hint">{hint(experiment)}</span>
          ) : (
            <div className="run-progress">
              <div
                role="progressbar"
                aria-label="Run progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
                className={`progress progress-${run.status}`}
              >
                <div className="progress-fill" style={{ width: `${pct}%` }} />
              </div>
              <span className="run-message" aria-live="polite">
                {run.status === 'cancelled' ? 'Cancelled' : run.message}
              </span>
            </div>
          )}
        </div>
      </div>
      {noGpu && (
        <p id="run-disabled-reason" className="run-disabled-reason">
          {experiment.title} needs WebGPU, which this browser does not offer; see the help above.
        </p>
      )}
    </section>
  );
}
