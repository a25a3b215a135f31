// The live model's fast simulation must give exactly the statistics of the reference simulation
// (SnapshotCache driven by the CPU reference samplers), for every sampler, with refreshes inside
// and outside the simulated batches, and after the shared per-graph work (drawn cache rows,
// schedules) was filled by other θ, α and γ values.
import { describe, expect, it } from 'vitest';
import { generateSbm } from '../../data/graphs/generators';
import { simulateSampler, type SnapshotWorkload } from './simulate';
import { denseCount, simulateSamplerFast, simulationKey } from './fastSimulate';
import { SAMPLER_KINDS } from './snapshotCache';
import { generateOgbLike, OGB_SHAPES, OGB_TAIL_INDEX } from './ogbLike';
import { degrees } from '../../data/graphs/csr';

const sbm = generateSbm({
  numNodes: 700,
  communities: 3,
  avgDegree: 12,
  homophily: 0.8,
  featureDim: 4,
  featureNoise: 1,
  trainFraction: 0.3,
  validFraction: 0,
  seed: 5,
  degreeTail: 1.4,
});
// ogbn-arxiv-like at 1/80 scale (2,117 nodes): the heavy tail the paper presets sample.
const ogb = generateOgbLike({
  shape: OGB_SHAPES[0]!,
  scale: 80,
  tailIndex: OGB_TAIL_INDEX,
  communities: 4,
  homophily: 0.7,
  featureNoise: 1,
  seed: 7,
});

const base = (task: typeof sbm): SnapshotWorkload => ({
  graph: task.graph,
  train: task.train,
  batchSize: 24,
  batches: 7,
  fanouts: [6, 6, 6],
  theta: 15,
  alpha: 2,
  gamma: 0.4,
  refreshEvery: 3,
  seed: 11,
});

const variants: [string, Partial<SnapshotWorkload>][] = [
  ['refreshes inside the batches', {}],
  ['refresh every batch, large γ', { refreshEvery: 1, gamma: 0.9 }],
  ['long refresh period', { refreshEvery: 50 }],
  ['lower θ, larger α', { theta: 6, alpha: 3.5 }],
  ['higher θ, two hops of different fanouts', { theta: 40, fanouts: [9, 4] }],
  ['θ above every degree', { theta: 100_000 }],
  ['γ = 0 (OTF never refreshes)', { gamma: 0 }],
];

describe('fast simulation = reference simulation', () => {
  for (const [name, task] of [
    ['degree-corrected SBM', sbm],
    ['ogbn-arxiv-like', ogb],
  ] as const) {
    for (const [label, over] of variants) {
      it(`${name}: ${label}`, () => {
        const w = { ...base(task), ...over };
        for (const kind of SAMPLER_KINDS) expect(simulateSamplerFast(w, kind), kind).toEqual(simulateSampler(w, kind));
      });
    }
  }

  it('θ moves reuse the drawn cache rows without changing a result (θ down, up, back)', () => {
    const w = base(ogb);
    for (const theta of [30, 8, 50, 8, 30])
      for (const kind of ['FCR', 'OTF-SC'] as const)
        expect(simulateSamplerFast({ ...w, theta }, kind)).toEqual(simulateSampler({ ...w, theta }, kind));
  });
});

describe('simulation key', () => {
  it('counts the nodes above θ by binary search', () => {
    const deg = degrees(ogb.graph);
    for (const theta of [0, 1, 5, 13.5, 30, 1e6])
      expect(denseCount(ogb.graph, theta)).toBe(deg.filter((d) => d > theta).length);
  });

  it('workloads with the same key simulate identically (θ, α, γ enter only as integers)', () => {
    const w = base(ogb);
    // ⌊6·0.35⌋ = ⌊6·0.49⌋ = 2; ⌈1.9·6⌉ = ⌈1.95·6⌉ = 12; θ 15 and 15.5 keep the same nodes above.
    const pairs: [Partial<SnapshotWorkload>, Partial<SnapshotWorkload>][] = [
      [{ gamma: 0.35 }, { gamma: 0.49 }],
      [{ alpha: 1.9 }, { alpha: 1.95 }],
      [{ theta: 15 }, { theta: 15.5 }],
    ];
    for (const [a, b] of pairs)
      for (const kind of SAMPLER_KINDS) {
        const [wa, wb] = [
          { ...w, ...a },
          { ...w, ...b },
        ];
        expect(simulationKey(wa, kind)).toBe(simulationKey(wb, kind));
        expect(simulateSampler(wa, kind)).toEqual(simulateSampler(wb, kind));
      }
    // A new refresh count, row size or dense set is a new key.
    expect(simulationKey({ ...w, gamma: 0.5 }, 'OTF')).not.toBe(simulationKey(w, 'OTF'));
    expect(simulationKey({ ...w, alpha: 2.5 }, 'FCR')).not.toBe(simulationKey(w, 'FCR'));
    expect(simulationKey({ ...w, theta: 5 }, 'FCR-SC')).not.toBe(simulationKey(w, 'FCR-SC'));
  });
});
