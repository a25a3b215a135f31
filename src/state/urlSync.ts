// Keeps the address bar in step with the store (history.replaceState, so sliders do not flood
// the back button). Reading the link happens once, before the store is created (see main.tsx).
import type { Experiment } from '../experiments/types';
import type { WorkbenchStore } from './store';
import { serializeUrlState } from './urlState';

export interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

export function startUrlSync(
  store: WorkbenchStore,
  experiments: readonly Experiment[],
  history: HistoryLike,
  location: { pathname: string; search: string; hash: string },
): () => void {
  let last = '';
  const write = (): void => {
    const s = store.getState();
    const exp = experiments.find((e) => e.id === s.experimentId);
    if (!exp) return;
    const search = serializeUrlState(s, exp);
    if (search === last || search === location.search) {
      last = search;
      return;
    }
    last = search;
    history.replaceState(null, '', `${location.pathname}${search}${location.hash}`);
  };
  write();
  return store.subscribe((s, prev) => {
    if (s.experimentId !== prev.experimentId || s.values !== prev.values || s.seed !== prev.seed) write();
  });
}
