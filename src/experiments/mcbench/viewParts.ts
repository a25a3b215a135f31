// Small pieces the live view's tables share: column builders, labels, number format, and the
// setup variations (another compressor, other links).
import { findLink, type Link } from '../../sim/links';
import { UserInputError } from '../types';
import type { Provenance } from '../types';
import type { Method } from './collectives';
import type { Setup } from './model';

export function linkOf(id: unknown): Link {
  const l = findLink(String(id));
  if (!l) throw new UserInputError(`Link "${String(id)}" is not in the catalog`);
  return l;
}

export const withMethod = (s: Setup, method: Method): Setup => ({ ...s, compression: { ...s.compression, method } });
export const withLinks = (s: Setup, tpLink: Link, ppLink: Link): Setup => ({
  ...s,
  cluster: { ...s.cluster, tpLink, ppLink },
});
export const num = (key: string, label: string, unit: string | undefined, provenance: Provenance) =>
  ({ key, label, unit, provenance, type: 'number' }) as const;
export const str = (key: string, label: string, provenance: Provenance) =>
  ({ key, label, provenance, type: 'string' }) as const;

export const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** A compressor's name in chart legends and sweep rows ("AE k=100", "top-k 10000", "8-bit"). */
export function shortLabel(m: Method): string {
  return m.kind === 'none'
    ? 'none'
    : m.kind === 'ae'
      ? `AE k=${m.aeDim}`
      : m.kind === 'quant'
        ? `${m.bits}-bit`
        : `${m.kind === 'topk' ? 'top' : 'rand'}-k ${m.k}`;
}
