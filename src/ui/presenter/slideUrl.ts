// The deck's slide number in the address bar (?slide=N, 1-based), so a link opens the deck on
// that slide. The rest of the query belongs to the store's URL sync (src/state/urlSync.ts); this
// only adds or removes its own key and keeps everything else as it is.
import { SLIDE_KEY } from '../../state/urlState';

/**
 * The slide the page was opened with, read when this module loads: before the store's URL sync
 * first rewrites the query from the store (which knows nothing of slides).
 */
const openedWith = typeof window === 'undefined' ? null : readSlide(window.location.search);
let openedWithTaken = false;

/** The opening link's slide until it has been taken. */
export function peekOpeningSlide(): number | null {
  return openedWithTaken ? null : openedWith;
}

/** The opening link's slide, once (later calls get null: the deck was opened or dismissed). */
export function takeOpeningSlide(): number | null {
  if (openedWithTaken) return null;
  openedWithTaken = true;
  return openedWith;
}

export function readSlide(search: string): number | null {
  const text = new URLSearchParams(search).get(SLIDE_KEY);
  if (text === null || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return n >= 1 ? n : null;
}

/** Writes `slide` (1-based; null removes it) into the current URL without a history entry. */
export function writeSlide(slide: number | null): void {
  const url = new URL(window.location.href);
  const before = url.search;
  if (slide === null) url.searchParams.delete(SLIDE_KEY);
  else url.searchParams.set(SLIDE_KEY, String(slide));
  if (url.search !== before) window.history.replaceState(window.history.state, '', url);
}
