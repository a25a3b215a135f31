// Run / Cancel, progress, and the reason Run is unavailable. Modeled experiments also run by
// themselves as parameters change; the button stays for an explicit re-run.
import type { Experiment } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';

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
        {experiment.gpu === 'none' && <span className="run-hint">Modeled: recomputes as you change parameters.</span>}
        {experiment.gpu !== 'none' && experiment.model && (
          <span className="run-hint">
            The modeled view follows the sliders; Run measures real kernels on this device.
          </span>
        )}
      </div>
      {noGpu && (
        <p id="run-disabled-reason" className="run-disabled-reason">
          {experiment.title} needs WebGPU, which is not available here. See “WebGPU is not available” above for how to
          enable it.
        </p>
      )}
      {run.status !== 'idle' && (
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
    </section>
  );
}
