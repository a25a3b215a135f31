// Light or dark: the reader's explicit choice wins, otherwise the system's prefers-color-scheme.
// Pure so it can be tested without a DOM; the browser side is src/ui/hooks/useTheme.ts.
export type Theme = 'light' | 'dark';

export const THEME_STORAGE_KEY = 'mlsys-workbench.theme';

/** A stored choice, or null when the stored text is missing or not a theme. */
export function parseTheme(text: string | null | undefined): Theme | null {
  return text === 'light' || text === 'dark' ? text : null;
}

export function resolveTheme(stored: Theme | null, systemPrefersLight: boolean): Theme {
  return stored ?? (systemPrefersLight ? 'light' : 'dark');
}

export function otherTheme(theme: Theme): Theme {
  return theme === 'light' ? 'dark' : 'light';
}
