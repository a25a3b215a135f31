import type { Metric } from '../../experiments/types';
import { formatCell } from './formatNumber';
import { ProvenanceBadge } from './ProvenanceBadge';

export function MetricCard({ metric, large }: { metric: Metric; large?: boolean }) {
  return (
    <div className={`metric${large ? ' metric-large' : ''}`} data-metric={metric.key}>
      <div className="metric-label">{metric.label}</div>
      <div className="metric-value">
        <span className="metric-number">{formatCell(metric.value)}</span>
        {metric.unit && <span className="metric-unit"> {metric.unit}</span>}
      </div>
      <ProvenanceBadge provenance={metric.provenance} />
      {metric.note && <div className="metric-note">{metric.note}</div>}
    </div>
  );
}

/** How many metrics sit above the charts; the rest follow them, so charts start above the fold. */
export const HEADLINE_METRICS = 4;

/** The primary metric first, then the others in the experiment's order. */
export function splitHeadline(metrics: Metric[]): { headline: Metric[]; more: Metric[] } {
  const ordered = [...metrics.filter((m) => m.primary), ...metrics.filter((m) => !m.primary)];
  return { headline: ordered.slice(0, HEADLINE_METRICS), more: ordered.slice(HEADLINE_METRICS) };
}

export function MetricCards({ metrics, label = 'Metrics' }: { metrics: Metric[]; label?: string }) {
  if (metrics.length === 0) return null;
  return (
    <section className="metrics" aria-label={label}>
      {metrics.map((m) => (
        <MetricCard key={m.key} metric={m} />
      ))}
    </section>
  );
}
