// Chart colours and type sizes. On screen every colour is a CSS custom property (--chart-*,
// defined in src/ui/styles/charts.css for the dark and light themes) with the dark value as
// fallback, so the page's theme restyles charts without re-rendering. Exports use the print
// theme: literal light colours, so the file looks the same in any viewer and on a white slide.
// Series colours are fixed hex: an Okabe–Ito-like set, distinguishable for common colour-vision
// deficiencies and readable on both the dark and the light background.

export interface ChartColors {
  background: string;
  text: string;
  mutedText: string;
  axis: string;
  grid: string;
  rule: string;
}

export interface TypeScale {
  titleSize: number;
  labelSize: number;
  tickSize: number;
  /** Small print: footnotes, colour-bar captions. */
  noteSize: number;
}

export interface ChartTheme extends ChartColors, TypeScale {
  fontFamily: string;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/** Dark values, also the fallbacks of the screen theme's CSS variables. */
const DARK: ChartColors = {
  background: '#12151b',
  text: '#e8ebf0',
  mutedText: '#aab2bf',
  axis: '#8a93a3',
  grid: '#2a303b',
  rule: '#f5f5f5',
};

const PRINT: ChartColors = {
  background: '#ffffff',
  text: '#1b1f24',
  mutedText: '#555d68',
  axis: '#6b7380',
  grid: '#e3e6ea',
  rule: '#222222',
};

export const NORMAL_TYPE: TypeScale = { titleSize: 16, labelSize: 13, tickSize: 12, noteSize: 11 };
/** Presenter slides: readable from the back of a room at 1280×720. */
export const SLIDE_TYPE: TypeScale = { titleSize: 28, labelSize: 20, tickSize: 18, noteSize: 15 };

const cssVar = (name: keyof ChartColors, fallback: string): string =>
  `var(--chart-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}, ${fallback})`;

export function screenTheme(type: TypeScale = NORMAL_TYPE): ChartTheme {
  const colors = Object.fromEntries(
    (Object.keys(DARK) as (keyof ChartColors)[]).map((k) => [k, cssVar(k, DARK[k])]),
  ) as unknown as ChartColors;
  return { ...colors, ...type, fontFamily: FONT };
}

export function printTheme(type: TypeScale = NORMAL_TYPE): ChartTheme {
  return { ...PRINT, ...type, fontFamily: FONT };
}

export const SERIES_PALETTE = [
  '#3a9ad9',
  '#e69f00',
  '#2bb583',
  '#c9b400',
  '#cc79a7',
  '#f06a3a',
  '#8f7fe8',
  '#8c96a3',
] as const;

/** Dash patterns for lines that would otherwise hide one another (solid first). */
export const DASHES = ['', '9 5', '3 4', '12 4 3 4', '6 3', '2 2'] as const;

/** Rough advance width of one character at a font size: enough to lay out, not to measure. */
export function charWidth(fontSize: number): number {
  return fontSize * 0.6;
}
