// The paper's headline numbers beside ours for the current preset, each with the tolerance the
// app states and a verdict; when ours is off, the cause is printed right under it, so a speaker
// never has to explain a gap from memory.
import { assessReproduction, type Reproduction } from '../../core/reproduction';
import { formatNumber } from './formatNumber';
import { ProvenanceBadge } from './ProvenanceBadge';

export function ReproductionPanel({ reproductions }: { reproductions?: Reproduction[] }) {
  if (!reproductions || reproductions.length === 0) return null;
  return (
    <section className="reproductions" aria-label="Paper vs ours">
      {reproductions.map((r) => {
        const { status, deviation, label, reproduced } = assessReproduction(r);
        const unit = r.unit ? ` ${r.unit}` : '';
        const pct = `${deviation >= 0 ? '+' : ''}${formatNumber(deviation * 100)} %`;
        return (
          <div
            key={r.key}
            className={`reproduction reproduction-${reproduced ? 'within' : status === 'within' ? 'qualified' : 'off'}`}
            data-reproduction={r.key}
          >
            <div className="reproduction-claim">{r.claim}</div>
            <div className="reproduction-values">
              <span>
                paper <strong>{formatNumber(r.paper)}</strong>
                {unit} <span className="reproduction-where">({r.where})</span>
              </span>
              <span>
                ours <strong>{formatNumber(r.ours)}</strong>
                {unit} <ProvenanceBadge provenance={r.oursProvenance} />
              </span>
            </div>
            <div className="reproduction-verdict">
              {status === 'invalid'
                ? label
                : `${label}: ${pct}, ${status === 'within' ? 'within' : 'outside'} the stated ±${formatNumber(r.tolerance * 100)} %`}
            </div>
            {r.cause && <div className="reproduction-cause">{r.cause}</div>}
          </div>
        );
      })}
    </section>
  );
}
