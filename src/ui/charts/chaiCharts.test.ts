// @vitest-environment jsdom
// Every chart CHAI declares renders from its own table (column keys, heatmap categories, series).
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from './renderChartSvg';
import { runExperiment } from '../../experiments/runner';
import { chai } from '../../experiments/chai/index';

describe('CHAI charts', () => {
  it('every chart of a CPU run renders from its table without data errors', async () => {
    const r = await runExperiment(
      chai,
      { heads: 6, headDim: 8, hidden: 8, prototypes: 2, clusters: 2, layers: 2, samples: 2, context: 40 },
      {},
    );
    expect(r.charts.map((c) => c.id)).toEqual(
      expect.arrayContaining([
        'layer-k',
        'speedup-k',
        'speedup-context',
        'elbow',
        'similarity',
        'deviation-k',
        'deviation-r',
      ]),
    );
    for (const spec of r.charts) {
      const table = r.tables.find((t) => t.id === spec.table);
      expect(table, spec.id).toBeDefined();
      const svg = renderChartSvg(spec, table!, { width: 640, height: 360, document });
      expect(svg.textContent, spec.id).not.toMatch(/Cannot draw chart|No data to plot|not shown/);
    }
    // The heatmap keeps the dendrogram order (string labels, first-seen order) and has a cell per pair.
    const heat = renderChartSvg(
      r.charts.find((c) => c.id === 'similarity')!,
      r.tables.find((t) => t.id === 'head-similarity')!,
      { width: 640, height: 360, document },
    );
    expect(heat.querySelectorAll('rect title')).toHaveLength(36);
  });
});
