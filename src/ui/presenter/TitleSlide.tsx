// The deck's first slide: the paper, its headline claim and our value beside it (the preset's
// reproduction record when the result has one, else the primary metric), so a talk opens on
// "the paper says X, we get Y, and here is why they differ".
import { assessReproduction } from '../../core/reproduction';
import type { Experiment, Metric, RunResult } from '../../experiments/types';
import { formatCell, formatNumber } from '../results/formatNumber';
import { ProvenanceBadge } from '../results/ProvenanceBadge';

export function TitleSlide({ experiment, result }: { experiment: Experiment; result?: RunResult }) {
  const paper = experiment.paper;
  const repro = result?.reproductions?.[0];
  const claim = paper?.claims[0];
  return (
    <section className="deck-title-slide" aria-label="Title slide">
      <h2 className="deck-paper-title">{paper?.title ?? experiment.title}</h2>
      <p className="deck-paper-meta">
        {paper ? `${paper.authors} · ${paper.venue} ${paper.year}` : experiment.summary}
      </p>
      {repro ? (
        <Reproduced claim={repro} />
      ) : (
        <>
          {claim && (
            <p className="deck-claim">
              <ProvenanceBadge provenance="paper" /> {claim.text}
              {claim.value !== undefined && (
                <strong>
                  {' '}
                  {formatNumber(claim.value)}
                  {claim.unit ? ` ${claim.unit}` : ''}
                </strong>
              )}{' '}
              <span className="deck-where">({claim.where})</span>
            </p>
          )}
          <HeadlineMetric metric={primaryMetric(result)} label="Ours" />
        </>
      )}
    </section>
  );
}

function Reproduced({ claim: r }: { claim: NonNullable<RunResult['reproductions']>[number] }) {
  const { status, deviation, label, reproduced } = assessReproduction(r);
  const unit = r.unit ? ` ${r.unit}` : '';
  const pct = `${deviation >= 0 ? '+' : ''}${formatNumber(deviation * 100)} %`;
  return (
    <div className={`deck-repro deck-repro-${reproduced ? 'within' : 'off'}`} data-reproduction={r.key}>
      <p className="deck-claim">{r.claim}</p>
      <div className="deck-repro-values">
        <div>
          <div className="deck-repro-label">
            Paper <span className="deck-where">({r.where})</span>
          </div>
          <div className="deck-big">
            {formatNumber(r.paper)}
            <span className="deck-unit">{unit}</span>
          </div>
        </div>
        <div>
          <div className="deck-repro-label">
            Ours <ProvenanceBadge provenance={r.oursProvenance} />
          </div>
          <div className="deck-big">
            {formatNumber(r.ours)}
            <span className="deck-unit">{unit}</span>
          </div>
        </div>
      </div>
      <p className="deck-verdict">
        {status === 'invalid'
          ? label
          : `${label}: ${pct}, ${status === 'within' ? 'within' : 'outside'} the stated ±${formatNumber(r.tolerance * 100)} %`}
      </p>
      {r.cause && <p className="deck-cause">{r.cause}</p>}
    </div>
  );
}

export function primaryMetric(result?: RunResult): Metric | undefined {
  return result?.metrics.find((m) => m.primary) ?? result?.metrics[0];
}

export function HeadlineMetric({ metric, label }: { metric?: Metric; label?: string }) {
  if (!metric) return null;
  return (
    <div className="deck-metric" data-metric={metric.key}>
      <div className="deck-metric-label">
        {label ? `${label}: ` : ''}
        {metric.label} <ProvenanceBadge provenance={metric.provenance} />
      </div>
      <div className="deck-metric-value">
        <span className="deck-metric-number">{formatCell(metric.value)}</span>
        {metric.unit && <span className="deck-unit"> {metric.unit}</span>}
      </div>
    </div>
  );
}
