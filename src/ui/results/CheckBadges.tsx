// Correctness of GPU results against the CPU reference, shown before any timing so a fast but
// wrong kernel is obvious.
import type { Check } from '../../experiments/types';
import { formatNumber } from './formatNumber';

export function CheckBadges({ checks }: { checks: Check[] }) {
  if (checks.length === 0) return null;
  return (
    <section className="checks" aria-label="Correctness checks">
      {checks.map((c) => (
        <div key={c.name} className={`check ${c.passed ? 'check-pass' : 'check-fail'}`}>
          <span className="check-status">{c.passed ? '✓ pass' : '✗ FAIL'}</span>
          <span className="check-name">{c.name}</span>
          <span className="check-detail">
            max abs {formatNumber(c.maxAbsError)} · max rel {formatNumber(c.maxRelError)} · tolerance{' '}
            {formatNumber(c.tolerance)}
          </span>
          {c.detail && <span className="check-detail">{c.detail}</span>}
        </div>
      ))}
    </section>
  );
}
