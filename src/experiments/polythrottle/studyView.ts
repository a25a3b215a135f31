// Tables and charts of the search-cost study: samples to reach 5 % of the grid optimum for
// constrained BO, random search and the exhaustive grid (median and spread over seeds), the
// paper's search-cost claims beside ours, best-so-far against samples, and one seed's search
// trajectory drawn on the frequency grid.
import type { ChartSpec, Metric, RunResult, Table } from '../types';
import { BO_INITIAL } from './bo';
import { col } from './referenceTables';
import { PAPER } from './paperClaims';
import type { Problem } from './problem';
import { hitStats, quantile, randomSearchExpectation, type SeedResult, type StudyResult } from './study';

/** The paper's exhaustive search: 14 h for 5005 TX2 configurations, i.e. about 10 s per configuration. */
export const SECONDS_PER_CONFIG = (14 * 3600) / 5005;

export function trajectoryTable(p: Problem, seed: SeedResult, label: string): Table {
  const d = p.model.device;
  const opt = p.energy[p.optimum]!;
  return {
    id: 'trajectory',
    title: `Search trajectory of constrained BO (${label})`,
    columns: [
      col('step', 'Sample', undefined, 'computed'),
      col('phase', 'Phase', undefined, 'computed', true),
      col('minGpu', 'Min GPU', 'MHz', 'modeled'),
      col('maxGpu', 'Max GPU', 'MHz', 'modeled'),
      col('mem', 'Memory', 'MHz', 'modeled'),
      col('batch', 'Batch', undefined, 'modeled'),
      col('energy', 'Measured energy per query', 'J', 'modeled'),
      col('latency', 'Measured latency', 'ms', 'modeled'),
      col('ratio', 'True energy / optimum', undefined, 'modeled'),
    ],
    rows: seed.boTrace.order.map((i, k) => {
      const c = p.configs[i]!;
      const m = seed.boTrace.measured[k]!;
      const phase = k < BO_INITIAL ? 'random start' : m.latency <= p.sloMs ? 'BO, meets SLO' : 'BO, misses SLO';
      return [
        k + 1,
        phase,
        d.gpuMHz[c.gpuMin]!,
        d.gpuMHz[c.gpuMax]!,
        d.memMHz[c.mem]!,
        d.batchSizes[c.batch]!,
        m.energy,
        m.latency,
        p.energy[i]! / opt,
      ];
    }),
    note: `The grid optimum: min GPU ${d.gpuMHz[p.configs[p.optimum]!.gpuMin]} MHz, max GPU ${d.gpuMHz[p.configs[p.optimum]!.gpuMax]} MHz, memory ${d.memMHz[p.configs[p.optimum]!.mem]} MHz, batch ${d.batchSizes[p.configs[p.optimum]!.batch]}.`,
  };
}

export const trajectoryChart: ChartSpec = {
  id: 'trajectory',
  title: 'Where BO sampled on the frequency grid',
  kind: 'scatter',
  table: 'trajectory',
  x: 'maxGpu',
  y: 'mem',
  series: 'phase',
  logY: true,
};

export function studyResult(p: Problem, s: StudyResult): RunResult {
  const bo = hitStats(
    s.seeds.map((x) => x.boHit),
    s.budget,
  );
  const rnd = hitStats(
    s.seeds.map((x) => x.randomHit),
    p.space.size,
  );
  const n = p.space.size;
  const costs: Table = {
    id: 'search-cost',
    title: `Samples to come within 5 % of the grid optimum (${s.seeds.length} seeds)`,
    columns: [
      col('method', 'Method', undefined, 'computed', true),
      col('median', 'Median', 'samples', 'modeled'),
      col('mean', 'Mean', 'samples', 'modeled'),
      col('sd', 'Standard deviation', 'samples', 'modeled'),
      col('p10', '10th percentile', 'samples', 'modeled'),
      col('p90', '90th percentile', 'samples', 'modeled'),
      col('reached', 'Seeds that reached it', '%', 'modeled'),
      col('hours', 'Tuning time at 10 s per configuration', 'h', 'modeled'),
    ],
    rows: [
      [
        'constrained BO',
        bo.median,
        bo.mean,
        bo.sd,
        bo.p10,
        bo.p90,
        100 * bo.reached,
        (bo.mean * SECONDS_PER_CONFIG) / 3600,
      ],
      [
        'random search',
        rnd.median,
        rnd.mean,
        rnd.sd,
        rnd.p10,
        rnd.p90,
        100 * rnd.reached,
        (rnd.mean * SECONDS_PER_CONFIG) / 3600,
      ],
      ['exhaustive grid', n, n, 0, n, n, 100, (n * SECONDS_PER_CONFIG) / 3600],
    ],
    note: `BO stops after ${s.budget} samples (seeds that did not reach the target count as ${s.budget + 1}); random search runs until it does. The exhaustive grid under the same noise picks a configuration ${(100 * (s.gridPickRatio - 1)).toFixed(1)} % above the optimum.`,
  };
  const expect10of200 = randomSearchExpectation(200, 10);
  const ratio = rnd.median / bo.median;
  const vsPaper: Table = {
    id: 'search-vs-paper',
    title: 'Search cost: paper vs this study',
    columns: [
      col('result', 'Result', undefined, 'paper', true),
      col('paper', 'Paper', undefined, 'paper'),
      col('paperHigh', 'Paper (upper end of a range)', undefined, 'paper'),
      col('ours', 'Ours', undefined, 'modeled'),
    ],
    rows: [
      ['BO samples to within 5 % (median)', PAPER.search.samplesLow, PAPER.search.samplesHigh, bo.median],
      ['BO standard deviation of those samples (paper: below this)', PAPER.search.sdBelow, null, bo.sd],
      [
        'Random search ÷ BO samples (medians)',
        PAPER.search.fewerThanRandomLow,
        PAPER.search.fewerThanRandomHigh,
        ratio,
      ],
      ['Random search, 10 good of 200: expected trials (with replacement)', 20, null, expect10of200.mean],
      ['… and its standard deviation', 19.49, null, expect10of200.sd],
      [
        `This grid: ${p.goodCount} good of ${n}, expected random trials (without replacement)`,
        null,
        null,
        randomSearchExpectation(n, p.goodCount).withoutReplacement,
      ],
    ],
    note: 'The last three rows are exact formulas (geometric and negative-hypergeometric means), not simulations.',
  };
  const curves: Table = {
    id: 'best-so-far',
    title: 'Best configuration found so far (true energy ÷ grid optimum), median and quartiles over seeds',
    columns: [
      col('samples', 'Samples', undefined, 'computed'),
      col('method', 'Method', undefined, 'computed', true),
      col('median', 'Median', '× optimum', 'modeled'),
      col('q25', '25th percentile', '× optimum', 'modeled'),
      col('q75', '75th percentile', '× optimum', 'modeled'),
    ],
    rows: [],
  };
  for (const [method, pick] of [
    ['constrained BO', (x: SeedResult) => x.boCurve],
    ['random search', (x: SeedResult) => x.randomCurve],
  ] as const)
    for (let k = 0; k < s.budget; k++) {
      const vals = s.seeds
        .map((x) => pick(x)[k])
        .filter((v): v is number => v != null)
        .sort((a, b) => a - b);
      // Until half the seeds have a feasible sample the median is undefined; leave the cell empty.
      if (vals.length * 2 < s.seeds.length) continue;
      curves.rows.push([k + 1, method, quantile(vals, 0.5), quantile(vals, 0.25), quantile(vals, 0.75)]);
    }
  const metrics: Metric[] = [
    {
      key: 'boMedian',
      label: 'BO: samples to within 5 % (median)',
      value: bo.median,
      unit: 'samples',
      provenance: 'modeled',
    },
    { key: 'boSd', label: 'BO: standard deviation', value: bo.sd, unit: 'samples', provenance: 'modeled' },
    {
      key: 'randomMedian',
      label: 'Random search: samples (median)',
      value: rnd.median,
      unit: 'samples',
      provenance: 'modeled',
    },
    { key: 'randomOverBo', label: 'Random ÷ BO samples', value: ratio, unit: '×', provenance: 'modeled' },
  ];
  const charts: ChartSpec[] = [
    {
      id: 'best-so-far',
      title: 'Best so far vs samples',
      kind: 'line',
      table: 'best-so-far',
      x: 'samples',
      y: 'median',
      series: 'method',
      rules: [{ axis: 'y', value: 1.05, label: 'within 5 %' }],
    },
    trajectoryChart,
  ];
  return {
    tables: [costs, vsPaper, curves, trajectoryTable(p, s.seeds[0]!, 'seed 1 of the study')],
    metrics,
    checks: [],
    charts,
    notices: [],
  };
}
