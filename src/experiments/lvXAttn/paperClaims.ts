// The paper's headline numbers beside ours for the current configuration.
import type { Claim, ParamValues, Table } from '../types';
import type { IterationCost } from './model';

export const lvXAttnClaims: Claim[] = [
  {
    text: 'Cross-attention speedup over Ring Attention, Llama 3-V 11B on 16×A100 (4 nodes)',
    value: 45.85,
    unit: '×',
    where: 'arXiv 2502.02406 v3 / ICML 2025 and a secondary summary; section unverified',
  },
  {
    text: 'End-to-end iteration speedup, Llama 3-V 11B on 16×A100',
    value: 10.62,
    unit: '×',
    where: 'arXiv 2502.02406 abstract (v3); official README',
  },
  {
    text: 'End-to-end speedup, mPLUG-Owl3 and OpenFlamingo (best case)',
    value: 5.58,
    unit: '×',
    where: 'arXiv 2502.02406 abstract (v1)',
  },
  {
    text: 'Activation recomputation fits 1.6× more frames for <8% extra time',
    value: 1.6,
    unit: '×',
    where: 'secondary summary, section unverified',
  },
];

export function paperComparison(p: ParamValues, c: IterationCost): Table {
  const isLlama = String(p.model).startsWith('llama3v');
  const rows: (string | number)[][] = isLlama
    ? [
        [lvXAttnClaims[0]!.text, lvXAttnClaims[0]!.where, lvXAttnClaims[0]!.value!, c.crossAttnSpeedup],
        [lvXAttnClaims[1]!.text, lvXAttnClaims[1]!.where, lvXAttnClaims[1]!.value!, c.endToEndSpeedup],
      ]
    : [[lvXAttnClaims[2]!.text, lvXAttnClaims[2]!.where, lvXAttnClaims[2]!.value!, c.endToEndSpeedup]];
  return {
    id: 'paper-vs-ours',
    title: 'Paper vs this model (current parameters)',
    columns: [
      { key: 'claim', label: 'Claim', type: 'string', provenance: 'paper' },
      { key: 'where', label: 'Where', type: 'string', provenance: 'paper' },
      { key: 'paper', label: 'Paper', unit: '×', type: 'number', provenance: 'paper' },
      { key: 'ours', label: 'Ours', unit: '×', type: 'number', provenance: 'modeled' },
      { key: 'difference', label: 'Difference', unit: '%', type: 'number', provenance: 'modeled' },
    ],
    rows: rows.map((r) => [...r, (100 * ((r[3] as number) - (r[2] as number))) / (r[2] as number)]),
    note: 'Paper values are maxima over their runs; the exact text/frame counts behind each are not all published, so compare the order of magnitude and the trends.',
  };
}
