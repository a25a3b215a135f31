// Loading results files through the store: into the open experiment, from the gallery, the offer
// for a file of another experiment, and problems that leave the page as it was.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { experiments } from '../experiments/registry';
import { createWorkbenchStore } from './store';

const file = (name: string) => ({
  name,
  text: readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8'),
  lastModified: 0,
});
const storeAt = (experimentId: string) =>
  createWorkbenchStore({
    experiments,
    hasNavigatorGpu: () => false,
    createGpu: () => Promise.reject(new Error('no GPU in tests')),
    initial: { experimentId },
  });

describe('loadResults', () => {
  it('adds a file of the open experiment to its loaded runs', () => {
    const store = storeAt('roofline');
    store.getState().loadResults([file('roofline.results.json')]);
    expect(store.getState().loadedRuns.map((r) => r.outcome.experimentId)).toEqual(['roofline']);
    expect(store.getState().loadProblem).toBeUndefined();
  });

  it('opens the file’s experiment when loaded from the gallery', () => {
    const store = storeAt('');
    store.getState().loadResults([file('spec-decoding.modeled.results.json')]);
    expect(store.getState().experimentId).toBe('spec-decoding');
    expect(store.getState().loadedRuns).toHaveLength(1);
  });

  it('offers to open the experiment a file belongs to, and keeps runs per experiment', () => {
    const store = storeAt('roofline');
    store.getState().loadResults([file('roofline.results.json'), file('spec-decoding.modeled.results.json')]);
    const { loadProblem, loadedRuns } = store.getState();
    expect(loadedRuns).toHaveLength(1);
    expect(loadProblem?.messages[0]).toMatch(/holds results of “.*”, not of “Roofline explorer”/);
    expect(loadProblem?.offer?.outcome.experimentId).toBe('spec-decoding');
    store.getState().acceptLoadOffer();
    expect(store.getState().experimentId).toBe('spec-decoding');
    expect(store.getState().loadProblem).toBeUndefined();
    expect(store.getState().loadedRuns.map((r) => r.outcome.experimentId)).toEqual(['roofline', 'spec-decoding']);
  });

  it('reports a broken file without touching what was loaded, and removes runs on request', () => {
    const store = storeAt('roofline');
    store.getState().loadResults([file('roofline.results.json')]);
    store.getState().loadResults([{ name: 'x.json', text: 'nope', lastModified: 0 }]);
    expect(store.getState().loadProblem?.messages).toEqual([expect.stringMatching(/“x\.json” is not valid JSON/)]);
    expect(store.getState().loadProblem?.offer).toBeUndefined();
    expect(store.getState().loadedRuns).toHaveLength(1);
    store.getState().dismissLoadProblem();
    expect(store.getState().loadProblem).toBeUndefined();
    store.getState().removeLoadedRun(store.getState().loadedRuns[0]!.key);
    expect(store.getState().loadedRuns).toEqual([]);
  });
});
