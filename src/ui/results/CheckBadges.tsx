// Correctness of GPU results against the CPU reference, shown before any timing is trusted so a
// fast but wrong kernel is obvious. When every check passes, one summary line stands for them
// (details one click away) so the charts stay near the top; any failure shows the full list.
import type { Check } from '../../experiments/types';
import { formatNumber } from './formatNumber';

function CheckRow({ check: c }: { check: Check }) {
  return (
    <div className={`check ${c.passed ? 'check-pass' : 'check-fail'}`}>
      <span className="check-status">{c.passed ? '✓ pass' : '✗ FAIL'}</span>
      <span className="check-name">{c.name}</span>
      <span className="check-detail">
        max abs {formatNumber(c.maxAbsError)} · max rel {formatNumber(c.maxRelError)} · tolerance{' '}
        {formatNumber(c.tolerance)}
      </span>
      {c.detail && <span className="check-detail">{c.detail}</span>}
    </div>
  );
}

export function CheckBadges({ checks }: { checks: Check[] }) {
  if (checks.length === 0) return null;
  const rows = checks.map((c) => <CheckRow key={c.name} check={c} />);
  const allPass = checks.every((c) => c.passed);
  return (
    <section className="checks" aria-label="Correctness checks">
      {allPass && checks.length > 2 ? (
        <details className="checks-summary">
          <summary>
            <span className="check-status">✓</span> All {checks.length} correctness checks pass against the CPU
            reference
          </summary>
          <div className="checks">{rows}</div>
        </details>
      ) : (
        rows
      )}
    </section>
  );
}
