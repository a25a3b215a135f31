// Which parameters the panel shows first and which go under "Advanced": the ones the experiment
// marks essential, or, when it marks none, its first four.
import type { ParamSpec } from '../../experiments/types';

export const DEFAULT_ESSENTIAL_COUNT = 4;

export function splitEssential(params: readonly ParamSpec[]): { essential: ParamSpec[]; advanced: ParamSpec[] } {
  const marked = params.some((p) => p.essential);
  const isEssential = (p: ParamSpec, i: number) => (marked ? Boolean(p.essential) : i < DEFAULT_ESSENTIAL_COUNT);
  return {
    essential: params.filter(isEssential),
    advanced: params.filter((p, i) => !isEssential(p, i)),
  };
}

/** Parameters grouped by `group`, groups in order of first appearance. */
export function groupParams(params: readonly ParamSpec[]): [string, ParamSpec[]][] {
  const groups = new Map<string, ParamSpec[]>();
  for (const p of params) {
    const g = p.group ?? 'Parameters';
    groups.set(g, [...(groups.get(g) ?? []), p]);
  }
  return [...groups];
}
