// GraphSnapShot on a user's edge list: with labels every sampler trains on it, without labels only
// sampling and aggregation are measured; bad files fail with a clear message; the live model says
// it cannot read files.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { fileOf, twoCommunityEdgeList, twoCommunityLabels } from '../../data/graphs/uploadFixtures';
import { modelExperiment, runExperiment } from '../runner';
import { UserInputError, type RunResult } from '../types';
import { graphSnapshot } from './index';

const edges = fileOf('communities.csv', twoCommunityEdgeList());
const labels = fileOf('communities.labels', twoCommunityLabels());
// Degrees are 6–7: θ = 5 caches every node; 2 hops of fanout 3, α·f = 6.
const small = {
  hops: 2,
  fanout: 3,
  theta: 5,
  batchSize: 4,
  runEpochs: 6,
  hidden: 16,
  learningRate: 0.05,
  modelBatches: 4,
};
const metric = (r: RunResult, k: string) => r.metrics.find((m) => m.key === k);
const notices = (r: RunResult) => r.notices.join('\n');

describe('GraphSnapShot on an uploaded edge list', () => {
  const gpu = useNodeGpu();
  it('with labels: every sampler trains on the uploaded graph and reports accuracy; notices name the file and the id base', async () => {
    const r = await runExperiment(
      graphSnapshot,
      { ...small, edgeList: 'communities.csv', nodeLabels: 'communities.labels' },
      { gpu: gpu(), files: { edgeList: edges, nodeLabels: labels } },
    );
    expect(notices(r)).toMatch(/uploaded edge list "communities\.csv" instead of the Graph choice/);
    expect(notices(r)).toMatch(/ids read as 1-based/);
    expect(notices(r)).toMatch(/on communities\.csv \(uploaded\)/);
    expect(r.checks).toHaveLength(3); // as for a generated graph: cache build, DENSE blocks, training step
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    for (const k of ['FBL', 'FCR', 'OTF-SC']) expect(metric(r, `runAcc-${k}`)!.value as number, k).toBeGreaterThan(0.7); // 2 classes: chance 0.5
    const samplers = r.tables.find((t) => t.id === 'samplers')!;
    expect(samplers.rows[1]![1]).toBe(24); // the model view cached all 24 uploaded nodes (degree > θ)
    expect(r.calibration?.computeMs).toBeGreaterThan(0);
  });
  it('without labels: sampling, aggregation, resident edges and staleness, no accuracy, and a notice', async () => {
    const r = await runExperiment(
      graphSnapshot,
      { ...small, runEpochs: 1, edgeList: 'communities.csv' },
      { gpu: gpu(), files: { edgeList: edges } },
    );
    expect(notices(r)).toMatch(/No node labels file: training and accuracy are skipped/);
    expect(r.metrics.some((m) => m.key.startsWith('runAcc'))).toBe(false);
    expect(r.tables.find((t) => t.id === 'run-curves')).toBeUndefined();
    const run = r.tables.find((t) => t.id === 'run-samplers')!;
    expect(run.columns.map((c) => c.key)).not.toContain('testAcc');
    const col = (k: string) => run.columns.findIndex((c) => c.key === k);
    expect(run.rows).toHaveLength(5);
    for (const row of run.rows) {
      expect(row[col('samplingMs')] as number).toBeGreaterThan(0);
      expect(row[col('trainMs')] as number).toBeGreaterThan(0);
      expect(row[col('blockEdges')] as number).toBeGreaterThan(0);
    }
    expect(run.rows[0]![col('storedEdges')]).toBe(2 * 74); // FBL keeps the whole symmetrised graph
    expect(run.rows[1]![col('staleness')] as number).toBeGreaterThanOrEqual(0);
    expect(metric(r, 'runAggregationMs')!.value as number).toBeGreaterThan(0);
    expect(r.calibration).toEqual({ cacheEdgesPerSec: expect.any(Number) });
    expect(r.charts.map((c) => c.id)).not.toContain('run-accuracy');
  });
  it('malformed edge list and bad labels: UserInputError naming the line', async () => {
    const bad = fileOf('bad.csv', 'src,dst\n1,2\n2;3\n');
    await expect(
      runExperiment(graphSnapshot, { ...small, edgeList: 'bad.csv' }, { gpu: gpu(), files: { edgeList: bad } }),
    ).rejects.toThrow(UserInputError);
    await expect(
      runExperiment(graphSnapshot, { ...small, edgeList: 'bad.csv' }, { files: { edgeList: bad } }),
    ).rejects.toThrow(/bad\.csv: line 3 has 1 value, expected "u v"/);
    const beyond = fileOf('l.txt', twoCommunityLabels() + '30 1\n');
    await expect(
      runExperiment(
        graphSnapshot,
        { ...small, edgeList: 'e.csv', nodeLabels: 'l.txt' },
        { files: { edgeList: edges, nodeLabels: beyond } },
      ),
    ).rejects.toThrow(/node id 30 on line 26 is beyond the edge list's node count 24/);
  });
});

describe('GraphSnapShot upload without a GPU, and the live model', () => {
  it('no GPU: the modeled view runs on the uploaded graph', async () => {
    const r = await runExperiment(
      graphSnapshot,
      { ...small, edgeList: 'communities.csv' },
      { files: { edgeList: edges } },
    );
    expect(notices(r)).toMatch(/No WebGPU/);
    expect(notices(r)).toMatch(/on communities\.csv \(uploaded\)/);
    expect(r.tables.find((t) => t.id === 'samplers')!.rows[0]![2]).toBe(2 * 74);
  });
  it('the live model cannot read files and says the edge list is used by Run', () => {
    const r = modelExperiment(graphSnapshot, { ...small, edgeList: 'communities.csv' })!;
    expect(notices(r)).toMatch(/Edge list "communities\.csv" is used when you press Run/);
  });
});
