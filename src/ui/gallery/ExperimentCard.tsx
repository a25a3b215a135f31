// A gallery card: title (the link), paper, the paper's headline claim beside our live value with
// provenance, a miniature of its first chart, and whether a GPU is needed. The card's values and
// chart fill in after first paint.
import { memo } from 'react';
import type { Experiment } from '../../experiments/types';
import { formatCell } from '../results/formatNumber';
import { ProvenanceBadge } from '../results/ProvenanceBadge';
import { useActions } from '../hooks/useActions';
import { CardChart } from './CardChart';
import type { CardHeadline } from './cardHeadline';

export const GPU_NEED: Record<Experiment['gpu'], string> = {
  required: 'Needs WebGPU',
  optional: 'No GPU needed · Run measures on your GPU',
  none: 'No GPU needed',
};

function valueText(value: number | string, unit?: string): string {
  return `${formatCell(value)}${unit ? ` ${unit}` : ''}`;
}

/**
 * Memoised: card values arrive one experiment at a time, and each arrival should redraw only the
 * card it belongs to (headline objects are cached, so unchanged cards keep the same props).
 */
export const ExperimentCard = memo(function ExperimentCard({
  experiment,
  headline,
}: {
  experiment: Experiment;
  headline?: CardHeadline;
}) {
  const { selectExperiment } = useActions();
  const paper = experiment.paper;
  return (
    <article className="card" data-experiment={experiment.id}>
      <h3 className="card-title">
        <a
          href={`?exp=${encodeURIComponent(experiment.id)}`}
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
            selectExperiment(experiment.id);
          }}
        >
          {experiment.title}
        </a>
      </h3>
      {paper ? (
        <p className="card-paper">
          {paper.title} · {paper.venue} {paper.year}
        </p>
      ) : (
        <p className="card-paper">{experiment.summary}</p>
      )}
      {headline?.claim && (
        <p className="card-claim">
          <ProvenanceBadge provenance="paper" /> {headline.claim.text}
          {headline.claim.value !== undefined && (
            <strong> {valueText(headline.claim.value, headline.claim.unit)}</strong>
          )}
          <span className="card-where"> ({headline.claim.where})</span>
        </p>
      )}
      {headline?.ours && (
        <p className="card-ours">
          <ProvenanceBadge provenance={headline.ours.provenance} /> {headline.ours.label}:{' '}
          <strong>{valueText(headline.ours.value, headline.ours.unit)}</strong>
          {headline.ours.preset && <span className="card-where"> (preset “{headline.ours.preset}”)</span>}
          {headline.verdict && (
            <span className={`card-verdict card-verdict-${headline.verdict}`}>
              {headline.verdict === 'reproduced'
                ? 'reproduced'
                : headline.verdict === 'qualified'
                  ? 'agrees, with a caveat'
                  : 'differs: see why'}
            </span>
          )}
        </p>
      )}
      {headline?.chart && <CardChart chart={headline.chart} />}
      {!headline && experiment.model && <p className="card-pending">Computing our value…</p>}
      <p className={`card-gpu card-gpu-${experiment.gpu}`}>{GPU_NEED[experiment.gpu]}</p>
    </article>
  );
});
