// Marius++ paper presets against the printed Marius OSDI'21 Freebase86m times: each preset's
// headline is pinned, its status follows from the tolerance the app states, and an 'off' one names
// its cause on screen.
import { describe, expect, it } from 'vitest';
import { judgeReproduction } from '../../core/reproduction';
import { modelExperiment } from '../runner';
import { marius } from './index';

// [preset, paper minutes, our modeled minutes (pinned to ±1 %), expected status]
const EXPECTED: [string, number, number, 'within' | 'off'][] = [
  ['freebase86m', 162, 173.3, 'within'],
  ['freebase86m-c8', 136, 157.1, 'off'],
  ['freebase86m-p32', 12.9, 15.77, 'off'],
];

describe("Marius++ reproductions (Marius OSDI'21, Freebase86m)", () => {
  it.each(EXPECTED)('%s: paper %f min, ours %f min, %s', (id, paper, ours, status) => {
    const preset = marius.presets.find((p) => p.id === id)!;
    const reps = modelExperiment(marius, preset.values)!.reproductions ?? [];
    expect(reps).toHaveLength(1);
    const r = reps[0]!;
    expect(r.paper).toBe(paper);
    expect(r.oursProvenance).toBe('modeled');
    expect(r.tolerance).toBe(0.15);
    expect(Math.abs(r.ours - ours) / ours).toBeLessThan(0.01);
    expect(judgeReproduction(r).status).toBe(status);
    if (status === 'off') expect(r.cause).toMatch(/final write-back .* MB\/s disk in this model/);
  });
  it('presets off Freebase86m (papers100M, the real-run ones on other tasks) claim nothing', () => {
    for (const id of ['papers100m', 'small-run', 'karate']) {
      const preset = marius.presets.find((p) => p.id === id)!;
      expect(modelExperiment(marius, preset.values)!.reproductions ?? [], id).toEqual([]);
    }
  });
});
