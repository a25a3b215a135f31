import type { Provenance } from '../../experiments/types';

const HELP: Record<Provenance, string> = {
  measured: 'measured on this device',
  computed: 'an exact calculation (not a measurement)',
  modeled: 'output of a cost model',
  paper: 'printed in the paper',
  datasheet: 'from the vendor datasheet',
};

export function ProvenanceBadge({ provenance }: { provenance: Provenance }) {
  return (
    <span className={`badge prov-${provenance}`} title={HELP[provenance]}>
      {provenance}
    </span>
  );
}
