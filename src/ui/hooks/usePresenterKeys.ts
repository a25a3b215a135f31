// Keyboard for the presenter deck: ← / → (and Page Up / Page Down, as clickers send) move
// between slides, ↑ / ↓ between presets, R runs the experiment, Esc closes. Listens on the
// window so it works wherever focus is while the deck is open; leaves alone keys typed into a
// form field, keys with modifiers (browser shortcuts) and keys a focused chart already handled.
import { useEffect } from 'react';

export interface PresenterKeyActions {
  slide(step: 1 | -1): void;
  preset(step: 1 | -1): void;
  run(): void;
  close(): void;
}

function typing(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))
  );
}

export function usePresenterKeys(open: boolean, actions: PresenterKeyActions): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      if (e.key === 'ArrowRight' || e.key === 'PageDown') actions.slide(1);
      else if (e.key === 'ArrowLeft' || e.key === 'PageUp') actions.slide(-1);
      else if (e.key === 'ArrowDown') actions.preset(1);
      else if (e.key === 'ArrowUp') actions.preset(-1);
      else if (e.key === 'r' || e.key === 'R') actions.run();
      else if (e.key === 'Escape') actions.close();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, actions]);
}
