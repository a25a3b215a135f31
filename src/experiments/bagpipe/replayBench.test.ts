// The replay benchmark runs both policies over one prepared trace and reports what it replayed;
// its speeds are measurements, so only their consistency is checked here, never a value.
import { describe, expect, it } from 'vitest';
import { runReplayBench } from './replayBench';

describe('Bagpipe replay benchmark', () => {
  it('replays the Oracle Cacher and LRU `repeats` times over the unique ids of the trace', () => {
    const r = runReplayBench({ batches: 6, examplesPerBatch: 20, tableScale: 100_000, repeats: 2 });
    expect(r.rawIds).toBe(6 * 20 * 26);
    expect(r.uniqueIds).toBeLessThanOrEqual(r.rawIds);
    expect(r.runs.map((x) => x.policy)).toEqual(['oracle', 'lru', 'oracle', 'lru']);
    for (const x of r.runs) {
      expect(x.ids).toBe(r.uniqueIds);
      expect(x.idsPerSecond).toBeGreaterThan(0);
    }
  });
});
