// Keeps the address bar in step with the store. Opening another experiment (or the gallery) is a
// new history entry, so Back and Forward walk between experiments; parameter changes replace the
// current entry, so sliders do not flood the back button. Back/Forward restore the whole view
// from the link. Reading the first link happens once, before the store is created (main.tsx).
import type { Experiment } from '../experiments/types';
import type { WorkbenchStore } from './store';
import { isGalleryLink, parseUrlState, serializeUrlState } from './urlState';

export interface HistoryLike {
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
  pushState(data: unknown, unused: string, url?: string | URL | null): void;
}

/** Where Back/Forward notifications come from (the window in the app, a fake in tests). */
export interface PopStateSource {
  addEventListener(type: 'popstate', listener: () => void): void;
  removeEventListener(type: 'popstate', listener: () => void): void;
}

export function startUrlSync(
  store: WorkbenchStore,
  experiments: readonly Experiment[],
  history: HistoryLike,
  location: { pathname: string; search: string; hash: string },
  events?: PopStateSource,
): () => void {
  let last = '';
  let restoring = false;
  const searchFor = (): string | null => {
    const s = store.getState();
    if (s.experimentId === '') return '';
    const exp = experiments.find((e) => e.id === s.experimentId);
    return exp ? serializeUrlState(s, exp) : null;
  };
  const write = (push: boolean): void => {
    const search = searchFor();
    if (search === null) return;
    if (search === last || search === location.search) {
      last = search;
      return;
    }
    last = search;
    const url = `${location.pathname}${search}${location.hash}`;
    if (push && !restoring) history.pushState(null, '', url);
    else history.replaceState(null, '', url);
  };
  const onPop = (): void => {
    const search = location.search;
    restoring = true;
    try {
      if (isGalleryLink(search)) store.getState().showGallery();
      else store.getState().openView(parseUrlState(search, experiments, store.getState().seed));
    } finally {
      restoring = false;
    }
    last = '';
    write(false);
  };
  write(false);
  events?.addEventListener('popstate', onPop);
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experimentId !== prev.experimentId || s.values !== prev.values || s.seed !== prev.seed) {
      write(s.experimentId !== prev.experimentId);
    }
  });
  return () => {
    unsubscribe();
    events?.removeEventListener('popstate', onPop);
  };
}
