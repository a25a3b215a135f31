// Ada-IVF's published numbers (arXiv 2411.00970v1, read from the full text): the abstract, Table 3,
// Fig. 5 and the evaluation's stated results; where the text gives no section number, none is cited.
import type { Claim } from '../types';

export const adaIvfClaims: Claim[] = [
  {
    text: 'Update throughput vs state-of-the-art dynamic IVF maintenance, average',
    value: 2,
    unit: '×',
    where: 'abstract',
  },
  {
    text: 'Update throughput vs state-of-the-art dynamic IVF maintenance, best case',
    value: 5,
    unit: '×',
    where: 'abstract',
  },
  {
    text: 'Ada-IVF update throughput vs LIRE across the sensitivity sweeps',
    value: 1.5,
    unit: '× (to 5×)',
    where: 'sensitivity sweeps of the workload generator',
  },
  {
    text: 'MSTuring10M, localized queries: LIRE matches Ada-IVF QPS with 3× the partitions and 4× the update time',
    value: 4,
    unit: '×',
    where: 'Fig. 5 (MSTuring10M, localized queries)',
  },
  {
    text: 'Rebuild fires after 2.5% of the vectors changed',
    value: 2.5,
    unit: '%',
    where: 'experimental setup',
  },
];

/** Table 3: search / update throughput normalised to Rebuild at recall 0.9. */
export interface Table3Row {
  policy: string;
  internal: [number, number];
  bigann: [number, number];
}

export const TABLE3: Table3Row[] = [
  { policy: 'frozen', internal: [0.81, 20.0], bigann: [0.27, 33.3] },
  { policy: 'update', internal: [0.84, 12.5], bigann: [0.54, 25.0] },
  { policy: 'lire', internal: [0.83, 4.2], bigann: [0.89, 4.7] },
  { policy: 'ada-ivf', internal: [0.89, 6.7], bigann: [0.85, 10.0] },
  { policy: 'rebuild', internal: [1, 1], bigann: [1, 1] },
];

export const TABLE3_WHERE = 'paper Table 3: search / update throughput normalised to Rebuild, recall 0.9';

export const POLICY_LABELS: Record<string, string> = {
  frozen: 'Frozen',
  update: 'Update',
  lire: 'LIRE',
  dedrift: 'DeDrift',
  'ada-ivf': 'Ada-IVF',
  rebuild: 'Rebuild',
};
