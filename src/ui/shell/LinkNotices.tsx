// What the link asked for that could not be honoured (unknown experiment, invalid values).
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';

export function LinkNotices() {
  const notices = useWorkbench((s) => s.notices);
  const { dismissNotices } = useActions();
  if (notices.length === 0) return null;
  return (
    <div className="banner banner-info link-notices" role="status">
      <div>
        <strong>Some parts of the link were invalid and ignored:</strong>
        <ul>
          {notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </div>
      <button type="button" onClick={dismissNotices}>
        Dismiss
      </button>
    </div>
  );
}
