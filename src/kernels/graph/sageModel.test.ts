import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { generateSbm } from '../../data/graphs/generators';
import { DenseSampler } from './sampleDense';
import { denseSampleReference } from './sampleDense.reference';
import { SageModel } from './sageModel';
import {
  initSageParams,
  sageBackwardReference,
  sageForwardReference,
  softmaxCrossEntropyReference,
  type SageParams,
} from './sageModel.reference';
import { compareArrays } from '../compare';
import { smallAwkwardGraph } from './fixtures';

const rowsOf = (hop: Int32Array, L: number) => Array.from({ length: L + 1 }, (_, l) => hop[L + 1 - l]!);

describe('GraphSAGE CPU reference', () => {
  it('backward matches finite differences of the loss', () => {
    const g = smallAwkwardGraph(80);
    const rng = createRng(3);
    const dims = [4, 5, 3];
    const p = initSageParams(dims, rng);
    const x = Float32Array.from({ length: 80 * 4 }, () => rng.normal());
    const labels = Int32Array.from({ length: 80 }, () => rng.int(3));
    const block = denseSampleReference(g, Int32Array.of(2, 9, 30, 41), [4, 3], 1);
    const bg = { numNodes: block.nodeIds.length, indptr: block.blockIndptr, indices: block.blockIndices };
    const rows = rowsOf(block.hopOffsets, 2);
    const h0 = new Float32Array(block.nodeIds.length * 4);
    block.nodeIds.forEach((v, r) => h0.set(x.subarray(v * 4, v * 4 + 4), r * 4));
    const seedLabels = Array.from(block.nodeIds.slice(0, 4), (v) => labels[v]!);
    const lossOf = (q: SageParams) => {
      const f = sageForwardReference(q, bg, rows, h0);
      return softmaxCrossEntropyReference(f.h[2]!, seedLabels, 4, 3);
    };
    const f = sageForwardReference(p, bg, rows, h0);
    const grads = sageBackwardReference(p, bg, rows, f, lossOf(p).dlogits);
    const eps = 1e-3;
    for (const [l, key, i] of [
      [0, 'wSelf', 3],
      [0, 'wNeigh', 7],
      [1, 'wNeigh', 2],
      [1, 'bias', 1],
      [0, 'bias', 4],
    ] as const) {
      const bump = (s: number) =>
        p.map((layer, j) =>
          j === l ? { ...layer, [key]: Float32Array.from(layer[key], (v, k) => (k === i ? v + s : v)) } : layer,
        );
      const numeric = (lossOf(bump(eps)).loss - lossOf(bump(-eps)).loss) / (2 * eps);
      expect(grads[l]![key][i]).toBeCloseTo(numeric, 3);
    }
  });
});

describe('GraphSAGE on the GPU vs the CPU reference', () => {
  const gpu = useNodeGpu();

  it('one training step: gradients and updated weights match (2 layers, DENSE block, SGD)', async () => {
    const g = smallAwkwardGraph(120);
    const rng = createRng(5);
    const dims = [6, 7, 3];
    const init = initSageParams(dims, rng);
    const x = Float32Array.from({ length: 120 * 6 }, () => rng.normal());
    const labels = Int32Array.from({ length: 120 }, () => rng.int(3));
    const seeds = Int32Array.of(2, 9, 30, 41, 77);
    const sampler = await DenseSampler.create(gpu(), g, [4, 3], 8);
    const xb = gpu().upload(x, 'x');
    const lb = gpu().upload(labels, 'labels');
    const model = await SageModel.create(
      gpu(),
      xb,
      lb,
      { dims, maxRows: 120, maxBlockNnz: 120 * 4, optimizer: { kind: 'sgd', lr: 0.5, weightDecay: 0 }, rng },
      init,
    );
    try {
      const block = await sampler.sample(seeds, 3);
      const rows = rowsOf(block.hopOffsets, 2);
      const res = await model.trainStep(
        { key: 'b', nodeIds: sampler.nodeIds, indptr: sampler.blockIndptr, indices: sampler.blockIndices },
        { indptr: block.blockIndptr, indices: block.blockIndices, rows },
      );
      const bg = { numNodes: block.nodeIds.length, indptr: block.blockIndptr, indices: block.blockIndices };
      const h0 = new Float32Array(block.nodeIds.length * 6);
      block.nodeIds.forEach((v, r) => h0.set(x.subarray(v * 6, v * 6 + 6), r * 6));
      const f = sageForwardReference(init, bg, rows, h0);
      const ce = softmaxCrossEntropyReference(
        f.h[2]!,
        Array.from(seeds, (v) => labels[v]!),
        5,
        3,
      );
      expect(res.loss).toBeCloseTo(ce.loss, 4);
      expect(Array.from(res.correct)).toEqual(Array.from(ce.pred));
      const want = sageBackwardReference(init, bg, rows, f, ce.dlogits);
      const got = await model.readGrads();
      want.forEach((w, l) =>
        (['wSelf', 'wNeigh', 'bias'] as const).forEach((k, i) => {
          const c = compareArrays(`grad ${k}${l}`, got[l]![i]!, w[k], { atol: 1e-5, rtol: 1e-4 });
          expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
        }),
      );
      const after = await model.readParams();
      const c = compareArrays(
        'wNeigh0 after SGD',
        after[0]!.wNeigh,
        init[0]!.wNeigh.map((v, i) => v - 0.5 * want[0]!.wNeigh[i]!),
        { atol: 1e-5, rtol: 1e-4 },
      );
      expect(c.passed, c.detail).toBe(true);
    } finally {
      model.destroy();
      sampler.destroy();
      xb.destroy();
      lb.destroy();
    }
  });

  it('really learns: Adam on an SBM reaches well above chance on held-out nodes', async () => {
    const task = generateSbm({
      numNodes: 400,
      communities: 4,
      avgDegree: 8,
      homophily: 0.8,
      featureDim: 8,
      featureNoise: 1.5,
      trainFraction: 0.5,
      validFraction: 0,
      seed: 1,
    });
    const g = task.graph;
    const rng = createRng(2);
    const xb = gpu().upload(task.features, 'x');
    const lb = gpu().upload(task.labels, 'labels');
    const sampler = await DenseSampler.create(gpu(), g, [5, 5], 50);
    const model = await SageModel.create(gpu(), xb, lb, {
      dims: [8, 16, 4],
      maxRows: g.numNodes,
      maxBlockNnz: g.numNodes * 5,
      optimizer: { kind: 'adam', lr: 0.02, weightDecay: 0 },
      rng,
    });
    const full = {
      key: 'full',
      nodeIds: gpu().upload(
        Int32Array.from({ length: g.numNodes }, (_, i) => i),
        'ids',
      ),
      indptr: gpu().upload(g.indptr, 'ip'),
      indices: gpu().upload(g.indices, 'ix'),
    };
    try {
      const accuracy = async () => {
        const pred = await model.predict(full, [g.numNodes, g.numNodes, g.numNodes]);
        return task.test.reduce((a, v) => a + (pred[v] === task.labels[v] ? 1 : 0), 0) / task.test.length;
      };
      const before = await accuracy();
      let step = 0;
      for (let epoch = 0; epoch < 15; epoch++) {
        const order = rng.shuffle([...task.train]);
        for (let b = 0; b < order.length; b += 50) {
          const seeds = Int32Array.from(order.slice(b, b + 50));
          const block = await sampler.sample(seeds, 1000 + step++);
          await model.trainStep(
            { key: 's', nodeIds: sampler.nodeIds, indptr: sampler.blockIndptr, indices: sampler.blockIndices },
            { indptr: block.blockIndptr, indices: block.blockIndices, rows: rowsOf(block.hopOffsets, 2) },
          );
        }
      }
      const after = await accuracy();
      expect(after).toBeGreaterThan(0.8);
      expect(after).toBeGreaterThan(before + 0.3);
    } finally {
      model.destroy();
      sampler.destroy();
    }
  });
});
