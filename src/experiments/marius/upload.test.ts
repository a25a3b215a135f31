// Marius++ on a user's edge list: training with labels, buffer IO without labels (no GPU needed),
// and clear errors for bad files and buffer settings.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { fileOf, twoCommunityEdgeList, twoCommunityLabels } from '../../data/graphs/uploadFixtures';
import { modelExperiment, runExperiment } from '../runner';
import { UserInputError, type RunResult } from '../types';
import { marius } from './index';
import { betaSwapFormula } from './orderings';

const edges = fileOf('communities.csv', twoCommunityEdgeList());
const labels = fileOf('communities.labels', twoCommunityLabels());
const small = {
  runPartitions: 4,
  runCapacity: 2,
  runCometRatio: 1,
  batchSize: 4,
  hidden: 16,
  runEpochs: 8,
  learningRate: 0.05,
  fanout1: 4,
  fanout2: 3,
};
const metric = (r: RunResult, k: string) => r.metrics.find((m) => m.key === k);
const table = (r: RunResult, id: string) => r.tables.find((t) => t.id === id)!;
const notices = (r: RunResult) => r.notices.join('\n');

describe('Marius++ on an uploaded edge list', () => {
  const gpu = useNodeGpu();
  it('with labels: trains in memory, BETA and COMET on it and reports accuracy beside the buffer IO', async () => {
    const r = await runExperiment(
      marius,
      { ...small, edgeList: 'communities.csv', nodeLabels: 'communities.labels' },
      { gpu: gpu(), files: { edgeList: edges, nodeLabels: labels } },
    );
    expect(notices(r)).toMatch(/uploaded edge list "communities\.csv"/);
    expect(notices(r)).toMatch(/ids read as 1-based/);
    expect(notices(r)).toMatch(
      /Real run on communities\.csv \(uploaded\): 24 nodes, 74 undirected edges, 12 training nodes, 2 classes/,
    );
    // The modeled BETA closed form, then DENSE sampling, mean SpMM and forward + loss, each GPU = CPU reference.
    expect(r.checks).toHaveLength(4);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(metric(r, 'runAcc-in-memory')!.value as number).toBeGreaterThan(0.7); // 2 classes: chance 0.5
    // The modeled view now uses the graph's counts: node classification on 24 nodes, p = 4, c = 2.
    expect(notices(r)).toMatch(
      /Modeled view uses "communities\.csv \(uploaded\)": 24 nodes, 74 edges as listed, node classification/,
    );
    expect(metric(r, 'betaSwaps')!.label).toMatch(/p=4, c=2/);
    expect(table(r, 'upload-io').rows.map((x) => x[0])).toEqual(['in-memory', 'BETA', 'COMET']);
  });
});

describe('Marius++ upload without labels (no GPU needed)', () => {
  it('buffer IO and swaps counted on the real graph, link-prediction model with its counts, no accuracy', async () => {
    const r = await runExperiment(marius, { ...small, edgeList: 'communities.csv' }, { files: { edgeList: edges } });
    expect(notices(r)).toMatch(/No node labels file: training and accuracy are skipped/);
    expect(r.metrics.some((m) => m.key.startsWith('runAcc'))).toBe(false);
    const io = table(r, 'upload-io');
    const [mem, beta, comet] = io.rows as number[][];
    // In memory: 24 one-hot rows of 24 × 4 B plus 148 edge entries × 8 B, read once.
    expect(mem![4]).toBe(24 * 96 + 148 * 8);
    expect(beta![2]).toBe(betaSwapFormula(4, 2)); // 5: every pair of the 4 partitions co-resident once, 2 at a time
    for (const row of [beta!, comet!]) expect(row[4]!).toBeGreaterThan(mem![4]!);
    expect(beta![5]!).toBeLessThan(148); // a buffer state never holds the whole graph
    expect(metric(r, 'uploadBetaBytes')!.value).toBe(beta![4]);
    expect(notices(r)).toMatch(/24 nodes, 74 edges as listed, link prediction \(no labels\)/);
    expect(table(r, 'timeline').rows.length).toBeGreaterThan(0);
  });
  it('errors: malformed edge list, a label id beyond the node count, a bad buffer', async () => {
    await expect(
      runExperiment(
        marius,
        { ...small, edgeList: 'bad.tsv' },
        { files: { edgeList: fileOf('bad.tsv', '# x\n1\t2\n2\n') } },
      ),
    ).rejects.toThrow(/bad\.tsv: line 3 has 1 value/);
    const beyond = fileOf('l.txt', 'node,label\n1,0\n25,1\n');
    const run = runExperiment(
      marius,
      { ...small, edgeList: 'e.csv', nodeLabels: 'l.txt' },
      { files: { edgeList: edges, nodeLabels: beyond } },
    );
    await expect(run).rejects.toThrow(UserInputError);
    await expect(
      runExperiment(
        marius,
        { ...small, edgeList: 'e.csv', nodeLabels: 'l.txt' },
        { files: { edgeList: edges, nodeLabels: beyond } },
      ),
    ).rejects.toThrow(/node id 25 on line 3 is beyond the edge list's node count 24/);
    await expect(
      runExperiment(marius, { ...small, runCapacity: 4, edgeList: 'e.csv' }, { files: { edgeList: edges } }),
    ).rejects.toThrow(/c = 4 ≥ p = 4/);
  });
  it('the live model says the edge list is used by Run', () => {
    expect(notices(modelExperiment(marius, { edgeList: 'communities.csv' })!)).toMatch(
      /Edge list "communities\.csv" is used when you press Run/,
    );
  });
});
