// CHAI end to end: prefill score features, the synthetic model's redundancy dial, the CPU part of a
// run (clustering, deviation, input errors), and a small run with the real decode kernels on dawn.node.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { useNodeGpu } from '../../gpu/testing';
import { cutTree } from './clustering';
import { runExperiment } from '../runner';
import { defaultValues } from '../../core/params';
import { UserInputError } from '../types';
import { kGrid, runSynthetic } from './analysis';
import { chaiOutputCpu, outputDeviation } from './deviation';
import { headFeatures, prefillScores } from './features';
import { chai } from './index';
import { chaiSettings } from './params';
import { decodeBatch, drawLayer, headWeights, projectLayer, projectRow, tokenStates } from './syntheticModel';

const small = {
  heads: 6,
  headDim: 8,
  hidden: 8,
  prototypes: 2,
  clusters: 2,
  layers: 2,
  samples: 2,
  context: 40,
  batch: 2,
  reps: 1,
};
const settings = (over: Record<string, number | string | boolean> = {}) =>
  chaiSettings({ ...defaultValues(chai.params), ...small, ...over });
const table = (r: { tables: { id: string; rows: unknown[][] }[] }, id: string) => r.tables.find((t) => t.id === id)!;

/** True when two labelings group the items the same way (cluster ids may differ). */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < a.length; j++) if ((a[i] === a[j]) !== (b[i] === b[j])) return false;
  return true;
}

describe('prefill score features', () => {
  it('are row-wise softmaxes: a zero query attends uniformly; a hand-checked 2×2 case', () => {
    const uniform = prefillScores(
      new Float64Array(5 * 3),
      Float64Array.from({ length: 15 }, (_, i) => i),
      5,
      3,
    );
    expect([...uniform].every((x) => Math.abs(x - 0.2) < 1e-15)).toBe(true);
    // d = 1: q = [1, 0], k = [1, 2] → row 0 = softmax([1, 2]), row 1 = softmax([0, 0]).
    const s = prefillScores(Float64Array.of(1, 0), Float64Array.of(1, 2), 2, 1);
    const e = Math.E;
    expect(s[0]).toBeCloseTo(e / (e + e * e), 14);
    expect(s[1]).toBeCloseTo((e * e) / (e + e * e), 14);
    expect([s[2], s[3]]).toEqual([0.5, 0.5]);
  });
});

describe('synthetic model', () => {
  const shape = { heads: 6, headDim: 4, hidden: 8, prototypes: 3, randomInit: false };
  const draws = drawLayer(shape, createRng(5));
  const prompt = tokenStates(createRng(6), 11, 8);

  it('spreads heads evenly over the prototypes', () => {
    expect([...draws.prototypeOf].sort()).toEqual([0, 0, 1, 1, 2, 2]);
    expect([...drawLayer({ ...shape, randomInit: true }, createRng(5)).prototypeOf]).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('r = 1: heads of one prototype are identical, and clustering at k = P recovers the prototypes', () => {
    const features = headFeatures(headWeights(draws, 1, 2.5), shape, prompt);
    const [a, b] = [0, 1, 2, 3, 4, 5].filter((h) => draws.prototypeOf[h] === draws.prototypeOf[0]);
    expect(features[a!]).toEqual(features[b!]);
    const s = settings({ heads: 6, prototypes: 3, clusters: 3, redundancy: 1, layers: 1 });
    const run = runSynthetic(s, createRng(7));
    const protos = table(run, 'clusters').rows.map((r) => r[3] as number);
    expect(samePartition(run.clusterMap, protos)).toBe(true);
    // Every member shares its representative's scores exactly, so CHAI changes nothing.
    expect(outputDeviation(chaiOutputCpu(run.batch, run.clusterMap), run.baseline).maxAbs).toBe(0);
  });

  it('the re-mixed projections equal projecting the mixed weights (linearity)', () => {
    const states = [tokenStates(createRng(8), 5, 8)];
    const batch = decodeBatch(projectLayer(draws, states, 4), 0.7, 2);
    const { wq, wk } = headWeights(draws, 0.7, 2);
    const q = new Float64Array(4);
    const k = new Float64Array(4);
    projectRow(states[0]!, 4, wq[3]!, 8, 4, q, 0);
    projectRow(states[0]!, 2, wk[3]!, 8, 4, k, 0);
    for (let c = 0; c < 4; c++) {
      expect(batch.q[3 * 4 + c]).toBeCloseTo(q[c]!, 5);
      expect(batch.k[(2 * 6 + 3) * 4 + c]).toBeCloseTo(k[c]!, 5);
    }
  });
});

describe('CHAI on the synthetic model (CPU part)', () => {
  it('deviation is 0 at k = H, large for independent heads, and shrinks as redundancy grows', () => {
    const run = runSynthetic(settings(), createRng(1));
    const devK = table(run, 'deviation-vs-k').rows;
    expect(devK.map((r) => r[0])).toEqual(kGrid(6, [2]));
    expect(devK.at(-1)!.slice(0, 3)).toEqual([6, 0, 0]);
    const devR = table(run, 'deviation-vs-redundancy').rows;
    const at = (r: number) => devR.find((row) => row[0] === r)![2] as number;
    expect(at(0)).toBeGreaterThan(10);
    expect(at(0.999)).toBeLessThan(at(0.9));
    expect(at(1)).toBe(0);
    // An exact f64 computation on a synthetic model: computed, never "measured".
    expect(run.metrics.find((m) => m.key === 'deviation')!.provenance).toBe('computed');
    for (const t of run.tables) for (const c of t.columns) expect(c.provenance, `${t.id}.${c.key}`).toBe('computed');
  });

  it('the heatmap covers every head pair with similarity 1 on the diagonal', () => {
    const heat = table(runSynthetic(settings(), createRng(2)), 'head-similarity').rows;
    expect(heat).toHaveLength(36);
    for (const [x, y, v] of heat) if (x === y) expect(v).toBeCloseTo(1, 12);
  });

  it('without a GPU: clustering, deviation and the modeled view, and a notice saying the kernels did not run', async () => {
    const r = await runExperiment(chai, small, {});
    expect(r.checks).toHaveLength(0);
    expect(r.notices[0]).toMatch(/No WebGPU/);
    for (const id of [
      'kv-saving',
      'paper-vs-ours',
      'elbow',
      'head-similarity',
      'deviation-vs-k',
      'deviation-vs-redundancy',
    ]) {
      expect(r.tables.map((t) => t.id)).toContain(id);
    }
    const paperTable = r.tables.find((t) => t.id === 'paper-vs-ours')!;
    const paper = paperTable.rows.at(-1)!;
    expect(paper[4]).toBe(r.metrics.find((m) => m.key === 'deviation')!.value);
    // No GPU ran, so nothing in the comparison may be labelled measured.
    expect(paperTable.columns.map((c) => c.provenance)).not.toContain('measured');
    expect(paperTable.columns[4]!.provenance).toBe('computed');
  });

  it('bad settings are refused with messages naming the problem', async () => {
    await expect(runExperiment(chai, { ...small, clusters: 7 }, {})).rejects.toThrow(
      /k=7 exceeds the number of heads H=6/,
    );
    await expect(runExperiment(chai, { ...small, prototypes: 9 }, {})).rejects.toThrow(
      /prototypes \(9\) exceed the number of heads H=6/,
    );
    await expect(runExperiment(chai, { ...small, clusters: 0 }, {})).rejects.toThrow(UserInputError);
    await expect(
      runExperiment(chai, { ...small, context: 65_536, batch: 8, heads: 64, headDim: 128 }, {}),
    ).rejects.toThrow(
      /B·T·H·d = 8·65536·64·128 = 4294967296 values; the synthetic model and CPU reference are limited to 8388608/,
    );
    await expect(
      runExperiment(chai, { ...small, config: 'custom', modelLayers: 32, clusteredLayers: 40 }, {}),
    ).rejects.toThrow(/clustered layers \(40\) exceed the model's 32 layers/);
    // The random-init control has no prototypes to check.
    await expect(runExperiment(chai, { ...small, headModel: 'random-init', prototypes: 9 }, {})).resolves.toBeTruthy();
  });

  it('cutting the stored tree gives the same map as clustering afresh', () => {
    const run = runSynthetic(settings(), createRng(3));
    expect([...cutTree(run.merges, 6, 2)]).toEqual([...run.clusterMap]);
  });
});

describe('CHAI run with the real kernels (dawn.node)', () => {
  const gpu = useNodeGpu();
  it('kernels match the CPU references, k = H matches the baseline bit for bit, and latency is timed per k', async () => {
    const r = await runExperiment(chai, small, { gpu: gpu() });
    expect(r.checks).toHaveLength(3);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const latency = table(r, 'latency');
    expect(latency.rows.map((row) => row[0])).toEqual(kGrid(6, [2]));
    for (const row of latency.rows) expect(row[1] as number).toBeGreaterThan(0);
    expect(latency.rows.at(-1)![5]).toBe(1); // k = H moves the baseline's bytes
    const k2 = latency.rows.find((row) => row[0] === 2)!;
    expect(k2.slice(6)).toEqual([4 * 2 * 40 * 2 * 8, 4 * 2 * 40 * 4 * 8]); // K of 2 representatives kept, 4 heads' K not
    expect(r.calibration?.decodeGBs).toBeGreaterThan(0);
    expect(r.calibration?.cpuEmulation).toBe(gpu().isCpuEmulation ? 1 : 0);
    // Timings are measured; byte counts and their ratio are exact counts (computed).
    const cols = r.tables.find((t) => t.id === 'latency')!.columns;
    const prov = Object.fromEntries(cols.map((c) => [c.key, c.provenance]));
    expect([prov.chaiMs, prov.kBytes, prov.modeledSpeedup]).toEqual(['measured', 'computed', 'computed']);
    if (gpu().isCpuEmulation) expect(r.notices.join(' ')).toMatch(/CPU emulation/);
  });
});
