// Best-effort fullscreen for an element while `active`. Browsers may refuse (no user gesture,
// iframes, headless); the overlay works the same without it. Leaving fullscreen with the
// browser's own Esc handling calls onExit so the overlay closes too.
import { useEffect, type RefObject } from 'react';

export function useFullscreen(ref: RefObject<HTMLElement | null>, active: boolean, onExit: () => void): void {
  useEffect(() => {
    const el = ref.current;
    if (!active || !el) return;
    let entered = false;
    const onChange = () => {
      if (document.fullscreenElement === el) entered = true;
      else if (entered) onExit();
    };
    document.addEventListener('fullscreenchange', onChange);
    el.requestFullscreen?.().catch(() => {
      // Refused: stay a full-window overlay.
    });
    return () => {
      document.removeEventListener('fullscreenchange', onChange);
      if (document.fullscreenElement === el) void document.exitFullscreen().catch(() => {});
    };
  }, [ref, active, onExit]);
}
