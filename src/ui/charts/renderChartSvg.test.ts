// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { ChartSpec, Table } from '../../experiments/types';
import {
  barSpec,
  ganttSpec,
  heatmapSpec,
  kernelTimes,
  lineSpec,
  recallTable,
  rooflineTable,
  scatterSpec,
  scheduleTable,
  tileTable,
} from './__fixtures__/fixtures';
import { seriesColorMap } from './colors';
import { itemsAt } from './hoverModel';
import { renderChart, renderChartSvg } from './renderChartSvg';
import { printTheme, SLIDE_TYPE, screenTheme } from './theme';

/** Deterministic text for snapshots: numbers rounded to 2 decimals (as Observable Plot's tests do). */
function snapshotText(svg: SVGSVGElement): string {
  return svg.outerHTML
    .replace(/-?\d+\.\d+(e[-+]?\d+)?/g, (m) => String(Math.round(Number(m) * 100) / 100))
    .replace(/></g, '>\n<');
}

function render(spec: ChartSpec, table: Table): SVGSVGElement {
  return renderChartSvg(spec, table, { width: 640, height: 360, document });
}

const texts = (svg: SVGSVGElement, selector = 'text') => [...svg.querySelectorAll(selector)].map((t) => t.textContent);

describe('renderChartSvg', () => {
  it('line: one path per multi-point series, markers on sparse series, log ticks, rules, legend', async () => {
    const svg = render(lineSpec, rooflineTable);
    expect(svg.querySelectorAll('path[stroke-width="2.5"]')).toHaveLength(2); // the 1-point "Kernel" series has no path
    // 5 + 5 + 1 markers in the plot; the one-point series shows as a dot in the legend too.
    expect([...svg.querySelectorAll('circle')].filter((c) => !c.closest('.chart-legend'))).toHaveLength(11);
    expect(svg.querySelectorAll('.chart-legend circle')).toHaveLength(1);
    expect(svg.querySelectorAll('line[stroke-dasharray]')).toHaveLength(2);
    const labels = texts(svg);
    expect(labels).toEqual(
      expect.arrayContaining([
        'Rooflines (f32)',
        'Arithmetic intensity (FLOP/B)',
        'Attainable (GFLOP/s)',
        'A100 80GB',
        'H100 SXM',
        'Kernel',
        'kernel: 10 FLOP/B',
        'A100 peak',
        '0.1',
        '1k',
        '100k',
        'GPU',
      ]),
    );
    expect(svg.querySelector('circle title')?.textContent).toBe(
      'A100 80GB\nArithmetic intensity: 0.1 FLOP/B\nAttainable: 203.9 GFLOP/s',
    );
    await expect(snapshotText(svg)).toMatchFileSnapshot('./__snapshots__/line.svg');
  });

  it('bar: grouped bars from zero, category axis in numeric order', async () => {
    const svg = render(barSpec, kernelTimes);
    const rects = [...svg.querySelectorAll('rect')].filter((r) => r.querySelector('title'));
    expect(rects).toHaveLength(6);
    const heights = rects.map((r) => Number(r.getAttribute('height')));
    expect(heights[4]).toBeGreaterThan(heights[5]!); // naive 256 taller than tiled 256
    expect(texts(svg, 'g.tick text').slice(0, 3)).toEqual(['64', '128', '256']);
    await expect(snapshotText(svg)).toMatchFileSnapshot('./__snapshots__/bar.svg');
  });

  it('scatter: unjoined points, missing values counted in a footnote', async () => {
    const svg = render(scatterSpec, recallTable);
    expect(svg.querySelectorAll('circle')).toHaveLength(4);
    expect(svg.querySelectorAll('path[stroke-width="2.5"]')).toHaveLength(0);
    expect(texts(svg)).toContain('1 row not shown (missing or ≤ 0 on a log axis)');
    expect(texts(svg)).toContain('Queries per second (queries/s)');
    await expect(snapshotText(svg)).toMatchFileSnapshot('./__snapshots__/scatter.svg');
  });

  it('gantt: one bar per span, lanes as categories, widths proportional to duration', async () => {
    const svg = render(ganttSpec, scheduleTable);
    const bars = [...svg.querySelectorAll('rect[rx="2"]')].filter((r) => r.querySelector('title'));
    expect(bars).toHaveLength(8);
    const w = bars.map((b) => Number(b.getAttribute('width')));
    expect(w[4]! / w[0]!).toBeCloseTo(2, 6); // backward takes 2 ms, forward 1 ms
    expect(texts(svg)).toEqual(expect.arrayContaining(['GPU 0', 'GPU 1', 'forward', 'backward', 'Time (ms)']));
    await expect(snapshotText(svg)).toMatchFileSnapshot('./__snapshots__/gantt.svg');
  });

  it('heatmap: one cell per value, colour bar with the value range', async () => {
    const svg = render(heatmapSpec, tileTable);
    const cells = [...svg.querySelectorAll('rect')].filter((r) => r.querySelector('title'));
    expect(cells).toHaveLength(5);
    const fillOf = (title: string) =>
      cells.find((c) => c.querySelector('title')!.textContent!.includes(title))!.getAttribute('fill');
    expect(fillOf('Throughput: 0.19')).not.toBe(fillOf('Throughput: 0.11'));
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['0.19', '0.11', 'Throughput', '(GFLOP/s)', 'Tile M', '1 row not shown (missing values)']),
    );
    await expect(snapshotText(svg)).toMatchFileSnapshot('./__snapshots__/heatmap.svg');
  });

  it('slants long category labels instead of overlapping them', () => {
    const long: Table = {
      ...kernelTimes,
      rows: [
        'A100 40GB SXM',
        'A100 80GB SXM',
        'H100 80GB SXM',
        'H200 141GB SXM',
        'GeForce RTX 4090',
        'L4 24GB',
        'A30 24GB',
        'MI300X 192GB',
      ].map((name, i) => [name, 'x', i + 1]),
    };
    const slanted = render(
      { ...barSpec, series: undefined, rules: [] },
      { ...long, columns: [{ ...kernelTimes.columns[0]!, type: 'string' }, ...kernelTimes.columns.slice(1)] },
    );
    expect(slanted.querySelector('g.tick text')?.getAttribute('transform')).toBe('rotate(-35)');
    const plain = render({ ...barSpec, series: undefined, rules: [] }, kernelTimes);
    expect(plain.querySelector('g.tick text')?.getAttribute('transform')).toBeNull();
  });

  it('widens the left margin for long lane labels', () => {
    const longLanes: Table = {
      ...scheduleTable,
      rows: scheduleTable.rows.map((r) => [`Ring Attention · ${r[0]} communication`, ...r.slice(1)]),
    };
    const plotX = (svg: SVGSVGElement) =>
      Number(/translate\(([\d.]+),/.exec(svg.querySelector('svg > g')!.getAttribute('transform')!)![1]);
    expect(plotX(render(ganttSpec, longLanes))).toBeGreaterThan(plotX(render(ganttSpec, scheduleTable)) + 100);
    expect(plotX(render(ganttSpec, longLanes))).toBeLessThanOrEqual(640 / 3);
    const lane = render(ganttSpec, {
      ...longLanes,
      rows: [['An extremely long lane label that cannot possibly fit', 0, 1, 'forward']],
    }).querySelector('g.tick text title')!.parentElement!;
    expect(lane.firstChild!.textContent).toMatch(/…$/);
    expect(lane.querySelector('title')!.textContent).toBe('An extremely long lane label that cannot possibly fit');
  });

  it('draws a single point mid-plot rather than on an edge', () => {
    const one: Table = { ...kernelTimes, rows: [[64, 'naive', 2]] };
    const svg = render({ ...lineSpec, table: 'times', x: 'size', y: 'ms', series: undefined, rules: [] }, one);
    const c = svg.querySelector('circle')!;
    expect(Number(c.getAttribute('cx'))).toBeGreaterThan(0);
    expect(Number.isFinite(Number(c.getAttribute('cy')))).toBe(true);
  });

  it('explains a spec that does not fit its table instead of throwing', () => {
    const svg = render({ ...barSpec, y: 'nope' }, kernelTimes);
    expect(texts(svg).join(' ')).toMatch(/Cannot draw chart: y column "nope" is not in table "times"/);
  });

  it('says when there is nothing to plot', () => {
    const svg = render(lineSpec, { ...rooflineTable, rows: [] });
    expect(texts(svg)).toContain('No data to plot');
  });

  it('is deterministic', () => {
    expect(render(ganttSpec, scheduleTable).outerHTML).toBe(render(ganttSpec, scheduleTable).outerHTML);
  });

  it('gives a series the colour of the shared map, whatever chart it is in', () => {
    const colors = seriesColorMap(['tiled', 'A100 80GB', 'naive', 'H100 SXM']);
    const line = renderChartSvg(lineSpec, rooflineTable, { width: 640, height: 360, document, colors });
    const bar = renderChartSvg(barSpec, kernelTimes, { width: 640, height: 360, document, colors });
    const stroke = (svg: SVGSVGElement, name: string) =>
      [...svg.querySelectorAll('g[stroke]')]
        .find((g) => g.querySelector('title')?.textContent?.startsWith(name))!
        .getAttribute('stroke');
    expect(stroke(line, 'A100 80GB')).toBe(colors.get('A100 80GB'));
    expect(stroke(line, 'H100 SXM')).toBe(colors.get('H100 SXM'));
    const fill = (name: string) =>
      [...bar.querySelectorAll('rect')]
        .find((r) => r.querySelector('title')?.textContent?.startsWith(name))!
        .getAttribute('fill');
    expect(fill('tiled')).toBe(colors.get('tiled'));
    expect(fill('naive')).toBe(colors.get('naive'));
  });

  it('never truncates legend names: long ones move the legend under the plot', () => {
    const names = ['one clustered attention head per layer', 'all heads kept (dense baseline)', 'CHAI with k-means'];
    const table: Table = {
      ...kernelTimes,
      rows: names.flatMap((n, i) => [
        [64, n, i + 1],
        [128, n, i + 2],
      ]),
    };
    const svg = render({ ...barSpec, rules: [] }, table);
    const legendText = texts(svg, '.chart-legend text');
    for (const n of names) expect(legendText).toContain(n);
    expect(legendText.join(' ')).not.toContain('…');
    // Below the plot: the legend starts under the x-axis title.
    const y = Number(
      /translate\([\d.]+,([\d.]+)\)/.exec(svg.querySelector('.chart-legend g')!.getAttribute('transform')!)![1],
    );
    expect(y).toBeGreaterThan(360 - 60);
  });

  it('dashes a line that would hide under an earlier one with the same values', () => {
    const rows = [1, 2, 3, 4, 5, 6].flatMap((x) => [
      ['Update', x, x * 2],
      ['Frozen', x, x * 2],
      ['Rebuild', x, x * 3],
    ]);
    const svg = render({ ...lineSpec, logX: false, logY: false, rules: [] }, { ...rooflineTable, rows });
    const paths = [...svg.querySelectorAll('path[stroke-width="2.5"]')];
    const dashOf = (name: string) =>
      paths
        .find(
          (p) => p.parentElement!.getAttribute('stroke') === seriesColorMap(['Update', 'Frozen', 'Rebuild']).get(name),
        )!
        .getAttribute('stroke-dasharray');
    expect(dashOf('Update')).toBeNull();
    expect(dashOf('Rebuild')).toBeNull();
    expect(dashOf('Frozen')).toBeTruthy();
    // Drawn after the line it overlaps, and the legend shows the same dash.
    expect(paths.at(-1)!.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(svg.querySelector('.chart-legend line[stroke-dasharray]')).not.toBeNull();
  });

  it('draws markers only on sparse lines', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ['dense', i + 1, i * i] as [string, number, number]);
    const svg = render({ ...lineSpec, logX: false, logY: false, rules: [] }, { ...rooflineTable, rows });
    expect(svg.querySelectorAll('path[stroke-width="2.5"]')).toHaveLength(1);
    expect([...svg.querySelectorAll('circle')].filter((c) => !c.closest('.chart-legend'))).toHaveLength(0);
  });

  it('grows log-axis bars from a decade under the smallest one, so a bar at 1 is visible', () => {
    const table: Table = {
      ...kernelTimes,
      rows: [
        [64, 'naive', 1],
        [128, 'naive', 10],
        [256, 'naive', 1000],
      ],
    };
    const svg = render({ ...barSpec, series: undefined, rules: [], logY: true }, table);
    const heights = [...svg.querySelectorAll('rect')]
      .filter((r) => r.querySelector('title'))
      .map((r) => Number(r.getAttribute('height')));
    expect(heights).toHaveLength(3);
    expect(Math.min(...heights)).toBeGreaterThan(20);
  });

  it('moves a rule label off the data it would cover', () => {
    // A line through the top-right corner, where a y rule's label goes by default.
    const rows = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((x) => ['s', x, x] as [string, number, number]);
    const spec = {
      ...lineSpec,
      logX: false,
      logY: false,
      rules: [{ axis: 'y' as const, value: 9, label: 'paper value' }],
    };
    const svg = render(spec, { ...rooflineTable, rows });
    const label = [...svg.querySelectorAll('.chart-rule text')].find((t) => t.textContent === 'paper value')!;
    expect(label.getAttribute('text-anchor')).toBe('start'); // moved to the left end, away from the line
  });

  it('wraps the heat map colour-bar caption instead of cutting it', () => {
    const table: Table = {
      ...tileTable,
      columns: tileTable.columns.map((c) =>
        c.key === heatmapSpec.value ? { ...c, label: 'Cosine similarity of attention scores', unit: undefined } : c,
      ),
    };
    const words = texts(render(heatmapSpec, table)).join(' ');
    expect(words).toContain('Cosine similarity');
    expect(words).toContain('scores');
  });

  it('emphasises highlighted series and dims the rest', () => {
    const svg = render({ ...lineSpec, highlight: ['H100 SXM'] }, rooflineTable);
    expect(svg.querySelectorAll('path[stroke-width="4"]')).toHaveLength(1);
    expect(svg.querySelectorAll('g[opacity="0.5"]').length).toBeGreaterThanOrEqual(2);
    expect([...svg.querySelectorAll('.chart-legend text[font-weight="700"]')].map((t) => t.textContent)).toEqual([
      'H100 SXM',
    ]);
  });

  it('uses CSS variables on screen and literal colours in the print theme', () => {
    const screen = renderChartSvg(lineSpec, rooflineTable, { width: 640, height: 360, document, theme: screenTheme() });
    expect(screen.outerHTML).toContain('var(--chart-background');
    const print = renderChartSvg(lineSpec, rooflineTable, { width: 640, height: 360, document, theme: printTheme() });
    expect(print.outerHTML).not.toContain('var(');
    expect(print.querySelector('rect')!.getAttribute('fill')).toBe('#ffffff');
  });

  it('slide type: ticks at 18 px and the title at 28 px', () => {
    const svg = renderChartSvg(lineSpec, rooflineTable, {
      width: 1000,
      height: 600,
      document,
      theme: screenTheme(SLIDE_TYPE),
    });
    expect(svg.querySelector('.chart-title')!.getAttribute('font-size')).toBe('28');
    const tickSizes = [...svg.querySelectorAll('g[font-size]')].map((g) => Number(g.getAttribute('font-size')));
    expect(Math.min(...tickSizes)).toBeGreaterThanOrEqual(18);
  });

  it('gives the hover layer every series at the x under the pointer, with units', () => {
    const { hover } = renderChart(lineSpec, rooflineTable, { width: 640, height: 360, document });
    expect(hover!.mode).toBe('x');
    const first = hover!.items.find((i) => i.key === '0.1')!;
    const shown = itemsAt(hover!, first.x + 1, 10);
    expect(shown.map((i) => i.lines[0])).toEqual(['A100 80GB: 203.9 GFLOP/s', 'H100 SXM: 335 GFLOP/s']);
    expect(shown[0]!.header).toBe('Arithmetic intensity: 0.1 FLOP/B');
    // Native <title> tooltips are left out when the app's hover layer replaces them.
    const plain = renderChartSvg(lineSpec, rooflineTable, { width: 640, height: 360, document, titles: false });
    expect(plain.querySelector('title')).toBeNull();
  });

  it('wraps a title too long for one line instead of running off the chart', () => {
    const title = 'Head similarity (5×5 score features), dendrogram order, all layers of the model';
    const svg = renderChartSvg({ ...lineSpec, title }, rooflineTable, {
      width: 800,
      height: 500,
      document,
      theme: screenTheme(SLIDE_TYPE),
    });
    const lines = [...svg.querySelectorAll('.chart-title')].map((t) => t.textContent);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(title);
    expect(svg.getAttribute('aria-label')).toBe(title);
  });
});
