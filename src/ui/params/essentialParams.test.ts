import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../experiments/types';
import { groupParams, splitEssential } from './essentialParams';

const n = (key: string, extra: Partial<ParamSpec> = {}): ParamSpec =>
  ({ key, label: key, kind: 'int', min: 0, max: 9, default: 1, ...extra }) as ParamSpec;

describe('essential parameters', () => {
  it('shows the first four when the experiment marks none', () => {
    const { essential, advanced } = splitEssential(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => n(k)));
    expect(essential.map((p) => p.key)).toEqual(['a', 'b', 'c', 'd']);
    expect(advanced.map((p) => p.key)).toEqual(['e', 'f']);
  });
  it('shows exactly the marked ones, in schema order, when some are marked', () => {
    const { essential, advanced } = splitEssential([
      n('a'),
      n('b', { essential: true }),
      n('c'),
      n('d', { essential: true }),
    ]);
    expect(essential.map((p) => p.key)).toEqual(['b', 'd']);
    expect(advanced.map((p) => p.key)).toEqual(['a', 'c']);
  });
  it('groups by group name in order of first appearance', () => {
    const groups = groupParams([n('a', { group: 'X' }), n('b'), n('c', { group: 'X' })]);
    expect(groups.map(([g, ps]) => [g, ps.map((p) => p.key)])).toEqual([
      ['X', ['a', 'c']],
      ['Parameters', ['b']],
    ]);
  });
});
