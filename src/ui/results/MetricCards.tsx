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

export function MetricCards({ metrics }: { metrics: Metric[] }) {
  if (metrics.length === 0) return null;
  return (
    <section className="metrics" aria-label="Metrics">
      {metrics.map((m) => (
        <MetricCard key={m.key} metric={m} />
      ))}
    </section>
  );
}
