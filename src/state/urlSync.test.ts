import { describe, expect, it } from 'vitest';
import { createWorkbenchStore } from './store';
import { modeledFake, slowGpuFake } from './testExperiments';
import { startUrlSync } from './urlSync';

/** A browser history in miniature: entries, a cursor, and popstate on back/forward. */
function fakeBrowser(search: string) {
  const entries = [search];
  let index = 0;
  const listeners = new Set<() => void>();
  const location = { pathname: '/', hash: '', search };
  const go = (step: number) => {
    index += step;
    location.search = entries[index]!;
    for (const l of listeners) l();
  };
  return {
    location,
    entries,
    history: {
      pushState(_d: unknown, _u: string, url?: string | URL | null) {
        entries.splice(index + 1);
        entries.push(new URL(String(url), 'http://x').search);
        index++;
        location.search = entries[index]!;
      },
      replaceState(_d: unknown, _u: string, url?: string | URL | null) {
        entries[index] = new URL(String(url), 'http://x').search;
        location.search = entries[index]!;
      },
    },
    events: {
      addEventListener: (_t: 'popstate', l: () => void) => listeners.add(l),
      removeEventListener: (_t: 'popstate', l: () => void) => listeners.delete(l),
    },
    back: () => go(-1),
    forward: () => go(1),
  };
}

const experiments = [modeledFake, slowGpuFake()];
const deps = {
  experiments,
  hasNavigatorGpu: () => false,
  createGpu: () => Promise.reject(new Error('no')),
};

describe('URL and history sync', () => {
  it('opening an experiment adds a history entry; parameter moves replace it', () => {
    const browser = fakeBrowser('');
    const store = createWorkbenchStore({ ...deps, initial: { experimentId: '' } });
    const stop = startUrlSync(store, experiments, browser.history, browser.location, browser.events);
    expect(browser.entries).toEqual(['']);
    store.getState().selectExperiment('fake-modeled');
    store.getState().setParam('layers', 3);
    store.getState().setParam('layers', 4);
    expect(browser.entries).toHaveLength(2);
    expect(browser.entries[1]).toMatch(/exp=fake-modeled.*layers=4/);
    store.getState().selectExperiment('fake-gpu');
    expect(browser.entries).toHaveLength(3);
    stop();
  });

  it('Back and Forward restore the experiment, its parameters, and the gallery', () => {
    const browser = fakeBrowser('');
    const store = createWorkbenchStore({ ...deps, initial: { experimentId: '' } });
    const stop = startUrlSync(store, experiments, browser.history, browser.location, browser.events);
    store.getState().selectExperiment('fake-modeled');
    store.getState().setParam('layers', 7);
    store.getState().selectExperiment('fake-gpu');
    browser.back();
    expect(store.getState().experimentId).toBe('fake-modeled');
    expect(store.getState().values.layers).toBe(7);
    // Restoring did not add entries, so Forward still leads on.
    expect(browser.entries).toHaveLength(3);
    browser.forward();
    expect(store.getState().experimentId).toBe('fake-gpu');
    browser.back();
    browser.back();
    expect(store.getState().experimentId).toBe('');
    stop();
  });
});
