// Keyboard for presenter mode: ← / → step through presets, Esc closes. Listens on the window so
// it works wherever focus is while the overlay is open.
import { useEffect } from 'react';

export function usePresenterKeys(open: boolean, onStep: (step: 1 | -1) => void, onClose: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight') onStep(1);
      else if (e.key === 'ArrowLeft') onStep(-1);
      else if (e.key === 'Escape') onClose();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open, onStep, onClose]);
}
