// Chart colours and type sizes, chosen for a dark background on a projector: light text,
// saturated series colours that stay distinguishable for common colour-vision deficiencies
// (an Okabe–Ito-like set, brightened), and grid lines dim enough not to compete with data.
export const chartTheme = {
  background: '#12151b',
  text: '#e8ebf0',
  mutedText: '#aab2bf',
  axis: '#8a93a3',
  grid: '#2a303b',
  rule: '#f5f5f5',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  titleSize: 16,
  labelSize: 13,
  tickSize: 12,
  series: ['#56b4e9', '#e69f00', '#3ddc97', '#f0e442', '#cc79a7', '#ff7f50', '#b0a4ff', '#d9d9d9'],
} as const;

export function seriesColor(index: number): string {
  return chartTheme.series[index % chartTheme.series.length]!;
}
