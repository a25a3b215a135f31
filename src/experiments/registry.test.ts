// The registry's ids are what users type (URLs, `npm run experiment -- <id>`): they must be unique,
// and ids an experiment had before (legacyIds) must keep resolving to it.
import { describe, expect, it } from 'vitest';
import { experiments, findExperiment } from './registry';
import { graphSnapshot } from './graphSnapshot';
import { lvXAttn } from './lvXAttn';

describe('experiment registry', () => {
  it('has unique ids, and no legacy id shadows a current one', () => {
    const ids = experiments.map((e) => e.id);
    const legacy = experiments.flatMap((e) => e.legacyIds ?? []);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(legacy).size).toBe(legacy.length);
    for (const id of legacy) expect(ids).not.toContain(id);
  });

  it('finds experiments by their current id', () => {
    for (const e of experiments) expect(findExperiment(e.id)).toBe(e);
    expect(findExperiment('lv-xattn')).toBe(lvXAttn);
    expect(findExperiment('no-such-experiment')).toBeUndefined();
  });

  it('still resolves GraphSnapShot\'s old id "graphsnapshot" to graph-snapshot', () => {
    expect(graphSnapshot.id).toBe('graph-snapshot');
    expect(findExperiment('graphsnapshot')).toBe(graphSnapshot);
    expect(findExperiment('graph-snapshot')).toBe(graphSnapshot);
  });
});
