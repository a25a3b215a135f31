import type { Provenance } from '../../experiments/types';

const HELP: Record<Provenance, string> = {
  measured: 'measured on this device',
  modeled: 'computed by a cost model',
  paper: 'quoted from the paper',
};

export function ProvenanceBadge({ provenance }: { provenance: Provenance }) {
  return (
    <span className={`badge prov-${provenance}`} title={HELP[provenance]}>
      {provenance}
    </span>
  );
}
