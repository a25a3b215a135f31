// Marius++: the modeled view (orderings, swaps vs the closed form, presets), the out-of-core plan on a
// small graph, and a real GraphSAGE run on dawn.node in memory and out of core.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { modelExperiment, runExperiment } from '../runner';
import { UserInputError } from '../types';
import { marius } from './index';
import { planEpoch } from './outOfCore';
import { generateSbm } from '../../data/graphs/generators';
import { createRng } from '../../data/pcg32';
import { betaSwapFormula } from './orderings';

const metric = (r: { metrics: { key: string; value: number | string }[] }, k: string) =>
  r.metrics.find((m) => m.key === k)!.value;
const table = (r: { tables: { id: string; title: string; rows: unknown[][]; note?: string }[] }, id: string) =>
  r.tables.find((t) => t.id === id)!;

describe('Marius++ modeled view', () => {
  it('epoch times on the simulated disk are modeled even with a measured compute throughput', () => {
    const r = modelExperiment(
      marius,
      { computeSource: 'measured', task: 'node-classification' },
      { seedsPerSecond: 5000 },
    )!;
    const epochs = r.metrics.filter((m) => m.key.startsWith('epoch'));
    expect(epochs.length).toBeGreaterThan(1);
    for (const m of epochs) {
      expect(m.provenance, m.key).toBe('modeled');
      expect(m.note, m.key).toMatch(/compute throughput measured on this device/);
    }
  });
  it('every preset is valid: its closed-form check is there and passes', () => {
    for (const preset of marius.presets) {
      const r = modelExperiment(marius, preset.values)!;
      // BETA always has its closed form to check against; COMET and SEQUENTIAL have none.
      expect(r.checks, preset.id).toHaveLength(1);
      for (const c of r.checks) expect(c.passed, c.name).toBe(true);
    }
  });
  it('Freebase86m: BETA 16/4 does 42 swaps (bound 38), computed, not a paper number; COMET 27 logical swaps of 128', () => {
    const r = modelExperiment(marius, marius.presets.find((p) => p.id === 'freebase86m')!.values)!;
    expect(metric(r, 'betaSwaps')).toBe(42);
    expect(metric(r, 'betaLowerBound')).toBe(38);
    expect(r.metrics.find((m) => m.key === 'betaSwaps')!.provenance).toBe('computed');
    const comet = table(r, 'orderings').rows.find((x) => String(x[0]).startsWith('COMET'))!;
    expect(comet[2]).toBe(27 * 128);
  });
  it("paper columns hold only the printed OSDI'21 minutes, never a derived swap count", () => {
    const r = modelExperiment(marius, {})!;
    let cells = 0;
    for (const t of r.tables) {
      const paperCols = t.columns.flatMap((c, i) => (c.provenance === 'paper' && c.type === 'number' ? [i] : []));
      for (const row of t.rows)
        for (const i of paperCols) {
          expect([162, 136, 12.9], t.id).toContain(row[i]);
          cells++;
        }
    }
    expect(cells).toBe(3);
  });
  it('the charts say what they plot: reads and writes, bytes not swaps, the whole timeline or "first N of M"', () => {
    const r = modelExperiment(marius, marius.presets.find((p) => p.id === 'freebase86m')!.values)!;
    const io = r.charts.find((c) => c.id === 'io')!;
    expect(io.series).toBe('direction');
    expect(new Set(table(r, io.table).rows.map((x) => x[1]))).toEqual(new Set(['read', 'written']));
    expect(new Set(table(r, 'partition-sweep').rows.map((x) => x[0]))).toEqual(new Set(['BETA', 'lower bound']));
    const timeline = table(r, 'timeline');
    expect(timeline.title).toMatch(/whole epoch/);
    // BETA 16/4 with write-back: 1 first load + 42 reads + 42 write-backs + 1 final write-back + 43 states computed.
    expect(timeline.rows.filter((x) => String(x[0]).startsWith('BETA'))).toHaveLength(1 + 42 + 42 + 1 + 43);
    const big = modelExperiment(marius, marius.presets.find((p) => p.id === 'papers100m')!.values)!;
    expect(table(big, 'timeline').title).toMatch(/first \d+ of \d+ segments/);
  });
  it('the four closed-form cases: generated swaps equal the closed form (a computed check)', () => {
    const cases = [
      [16, 4, 42],
      [32, 8, 78],
      [8, 2, 27],
      [64, 16, 150],
    ];
    for (const [partitions, capacity, swaps] of cases) {
      const r = modelExperiment(marius, { partitions, capacity })!;
      expect(metric(r, 'betaSwaps')).toBe(swaps);
      expect(r.checks[0]!.passed).toBe(true);
    }
    expect(cases).toHaveLength(4);
  });
  it('more buffer → fewer swaps; no prefetch → slower epoch', () => {
    const small = modelExperiment(marius, { partitions: 64, capacity: 4 })!;
    const big = modelExperiment(marius, { partitions: 64, capacity: 16 })!;
    expect(metric(big, 'betaSwaps') as number).toBeLessThan(metric(small, 'betaSwaps') as number);
    const noPrefetch = modelExperiment(marius, { prefetch: false })!;
    expect(metric(noPrefetch, 'epoch0') as number).toBeGreaterThan(
      metric(modelExperiment(marius, {})!, 'epoch0') as number,
    );
  });
  it('papers100M (p = 8192): SEQUENTIAL beats BETA and COMET for node classification', () => {
    const r = modelExperiment(marius, marius.presets.find((p) => p.id === 'papers100m')!.values)!;
    expect(metric(r, 'betaSwaps')).toBe(betaSwapFormula(8192, 3584));
    expect(String(metric(r, 'bestOrdering'))).toMatch(/SEQUENTIAL/);
  });
  it('bad orderings give clear errors naming the value', () => {
    expect(() => modelExperiment(marius, { partitions: 16, capacity: 16 })).toThrow(/c = 16 ≥ p = 16 partitions/);
    expect(() => modelExperiment(marius, { partitions: 16, capacity: 20 })).toThrow(UserInputError);
    expect(() => modelExperiment(marius, { cometPartitions: 1000, cometRatio: 128 })).toThrow(
      /p = 1000 physical partitions is not a multiple of 128/,
    );
    expect(() => modelExperiment(marius, { cometCapacity: 128, cometRatio: 128 })).toThrow(/capacity c = 1 is below 2/);
  });
});

describe('out-of-core plan on a small graph', () => {
  it('every training node is trained exactly once per epoch; BETA/COMET read more than in memory', () => {
    const t = generateSbm({
      numNodes: 300,
      communities: 3,
      avgDegree: 6,
      homophily: 0.8,
      featureDim: 4,
      featureNoise: 1,
      trainFraction: 0.5,
      validFraction: 0,
      seed: 1,
    });
    const mem = planEpoch(t.graph, t.train, 16, 'in-memory', 6, 3, 1, createRng(1));
    for (const mode of ['BETA', 'COMET'] as const) {
      const plan = planEpoch(t.graph, t.train, 16, mode, 6, 3, mode === 'COMET' ? 1 : 1, createRng(2));
      const trained = plan.states.flatMap((s) => Array.from(s.trainNodes)).sort((a, b) => a - b);
      expect(trained).toEqual(Array.from(t.train));
      expect(plan.readBytes).toBeGreaterThan(mem.readBytes);
      for (const s of plan.states) expect(s.graph.indices.length).toBeLessThan(t.graph.indices.length);
    }
    expect(planEpoch(t.graph, t.train, 16, 'BETA', 6, 3, 1, createRng(2)).swaps).toBe(betaSwapFormula(6, 3));
  });
});

describe('Marius++ real run (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('trains in memory, BETA and COMET; checks pass; accuracy well above chance; calibration returned', async () => {
    const r = await runExperiment(
      marius,
      {
        runNodes: 400,
        runEpochs: 5,
        runNoise: 1,
        learningRate: 0.03,
        runPartitions: 6,
        runCapacity: 3,
        runCometRatio: 1,
        batchSize: 50,
        hidden: 16,
        fanout1: 5,
        fanout2: 3,
      },
      { gpu: gpu() },
    );
    // The modeled BETA closed form, then DENSE sampling, mean SpMM and forward + loss, each GPU = CPU reference.
    expect(r.checks).toHaveLength(4);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    for (const mode of ['in-memory', 'BETA', 'COMET'])
      expect(metric(r, `runAcc-${mode}`) as number, mode).toBeGreaterThan(0.5); // 4 classes: chance 0.25
    expect(r.calibration?.seedsPerSecond).toBeGreaterThan(0);
    const summary = table(r, 'run-summary').rows;
    expect(summary.map((x) => x[0])).toEqual(['in-memory', 'BETA', 'COMET']);
    expect(summary[1]![2] as number).toBeGreaterThan(summary[0]![2] as number); // BETA streams more bytes than one in-memory load
    // The disk is simulated: its bytes are counted from the plan (8 B/edge), so they are modeled, not measured.
    expect(r.metrics.find((m) => m.key === 'runIoRatio')!.provenance).toBe('modeled');
    for (const id of ['run-summary', 'run-curves']) {
      const t = r.tables.find((x) => x.id === id)!;
      expect(t.columns.find((c) => c.key === 'readBytes')!.provenance, id).toBe('modeled');
      expect(t.columns.find((c) => c.key === 'epochMs')!.provenance, id).toBe('measured');
    }
    expect(table(r, 'run-summary').note).toMatch(/not measured I\/O.*8 B per edge entry/);
  });
  it('a run with a bad real-run buffer fails with a clear message', async () => {
    await expect(runExperiment(marius, { runPartitions: 4, runCapacity: 4 }, { gpu: gpu() })).rejects.toThrow(
      /real run: BETA: buffer capacity c = 4 ≥ p = 4/,
    );
  });
});
