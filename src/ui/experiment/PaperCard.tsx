import type { PaperRef } from '../../experiments/types';
import { ProvenanceBadge } from '../results/ProvenanceBadge';

export function PaperCard({ paper }: { paper: PaperRef }) {
  return (
    <section className="panel paper-card" aria-label="Paper">
      <h2 className="paper-title">
        {/* rel=noreferrer: following the link is the user's choice; the app itself fetches nothing. */}
        <a href={paper.url} target="_blank" rel="noreferrer noopener">
          {paper.title}
        </a>
      </h2>
      <p className="paper-meta">
        {paper.authors} · {paper.venue} {paper.year}
      </p>
      {paper.claims.length > 0 && (
        <ul className="claims">
          {paper.claims.map((c) => (
            <li key={`${c.where}-${c.text}`}>
              {c.notInPaper ? null : <ProvenanceBadge provenance="paper" />} {c.text}
              {c.value !== undefined && (
                <strong>
                  {' '}
                  {c.value}
                  {c.unit ? ` ${c.unit}` : ''}
                </strong>
              )}
              <span className="claim-where"> ({c.where})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
