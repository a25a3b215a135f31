// "stale" with the parameters that moved since the shown numbers were computed, and a one-click
// re-run at the current parameters.
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import type { ParamChange } from './staleness';

export function StaleNote({ changes }: { changes: ParamChange[] }) {
  const { startRun } = useActions();
  const running = useWorkbench((s) => s.run.status === 'running');
  if (changes.length === 0) return null;
  return (
    <div className="stale-note" role="note">
      <span className="badge badge-stale">stale</span>
      <span>
        Measured at{' '}
        {changes.map((c, i) => (
          <span key={c.label}>
            {i > 0 ? ', ' : ''}
            {c.label} {c.was} <span className="stale-now">(now {c.now})</span>
          </span>
        ))}
        .
      </span>
      <button type="button" onClick={() => void startRun()} disabled={running}>
        Re-run with current parameters
      </button>
    </div>
  );
}
