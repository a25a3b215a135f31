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
import { renderChartSvg } from './renderChartSvg';

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
  it('line: one path per multi-point series, markers for every point, log ticks, rules, legend', async () => {
    const svg = render(lineSpec, rooflineTable);
    expect(svg.querySelectorAll('path[stroke-width="2.5"]')).toHaveLength(2); // the 1-point "Kernel" series has no path
    expect(svg.querySelectorAll('circle')).toHaveLength(11);
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
        '1000',
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
      expect.arrayContaining(['0.19', '0.11', 'Throughput', 'GFLOP/s', 'Tile M', '1 row not shown (missing values)']),
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
});
