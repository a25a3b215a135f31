// The colour theme on <html data-theme>, which every CSS colour (charts included) reads through
// custom properties. Follows prefers-color-scheme until the reader toggles; the toggle is stored
// in localStorage (storage may be refused, e.g. in private modes: then it lasts for the session).
import { useSyncExternalStore } from 'react';
import { otherTheme, parseTheme, resolveTheme, THEME_STORAGE_KEY, type Theme } from '../../state/theme';

const LIGHT_QUERY = '(prefers-color-scheme: light)';
const listeners = new Set<() => void>();
let sessionChoice: Theme | null = null;

function storedChoice(): Theme | null {
  try {
    return parseTheme(window.localStorage.getItem(THEME_STORAGE_KEY)) ?? sessionChoice;
  } catch {
    return sessionChoice;
  }
}

function systemPrefersLight(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(LIGHT_QUERY).matches;
}

function currentTheme(): Theme {
  return resolveTheme(storedChoice(), systemPrefersLight());
}

function apply(): void {
  const theme = currentTheme();
  const root = document.documentElement;
  root.dataset.theme = theme;
  root.style.colorScheme = theme;
  for (const l of listeners) l();
}

/** Called once before the first render so the page never flashes the wrong theme. */
export function applyStoredTheme(): void {
  apply();
  if (typeof window.matchMedia === 'function') window.matchMedia(LIGHT_QUERY).addEventListener('change', apply);
}

function setTheme(theme: Theme): void {
  sessionChoice = theme;
  try {
    window.localStorage.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Storage refused: the choice holds for this page only.
  }
  apply();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useTheme(): { theme: Theme; toggle(): void } {
  const theme = useSyncExternalStore(subscribe, currentTheme, () => 'dark' as Theme);
  return { theme, toggle: () => setTheme(otherTheme(theme)) };
}
