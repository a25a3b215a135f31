import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import { crossEntropy, planCrossEntropy } from './crossEntropy';
import { crossEntropyReference } from './crossEntropy.reference';

type LogitKind = 'random' | 'extreme' | 'ties';

/** Logits [T, V]: uniform in [−4, 4], or ±1e4 mixed with small values, or all-equal rows. */
function makeLogits(seed: number, T: number, V: number, kind: LogitKind): Float32Array {
  const rng = createRng(seed);
  const out = new Float32Array(T * V);
  for (let i = 0; i < out.length; i++) {
    if (kind === 'ties') out[i] = 0.75;
    else if (kind === 'extreme') out[i] = [1e4, -1e4, rng.uniform(-1, 1)][rng.int(3)]!;
    else out[i] = rng.uniform(-4, 4);
  }
  return out;
}

/** Targets in [0, V), with row 1 (and row 3) ignored when T > 1. */
function makeTargets(seed: number, T: number, V: number): Int32Array {
  const rng = createRng(seed + 99);
  return Int32Array.from({ length: T }, (_, t) => (T > 1 && t % 2 === 1 ? -1 : rng.int(V)));
}

describe('crossEntropy kernel vs f64 reference', () => {
  const gpu = useNodeGpu();
  const cases: [number, number, LogitKind][] = [
    [1, 1, 'random'],
    [5, 1, 'random'],
    [1, 7, 'random'],
    [5, 7, 'ties'],
    [5, 257, 'random'],
    [1, 257, 'extreme'],
    [5, 1000, 'extreme'],
    [1, 1000, 'ties'],
  ];
  for (const [T, V, kind] of cases) {
    it(`T=${T} V=${V} (${kind} logits${T > 1 ? ', ignored rows' : ''})`, async () => {
      const logits = makeLogits(T * 131 + V, T, V, kind);
      const targets = makeTargets(T + V, T, V);
      const got = await crossEntropy(gpu(), logits, targets, { T, V });
      const want = crossEntropyReference(logits, targets, T, V);
      const loss = compareArrays('loss', got.loss, want.loss, { atol: 1e-5, rtol: 1e-5 });
      const grad = compareArrays('dlogits', got.dlogits, want.dlogits, { atol: 1e-6, rtol: 1e-4 });
      expect(loss.passed, loss.detail).toBe(true);
      expect(grad.passed, grad.detail).toBe(true);
      expect(got.count).toBe(want.count);
      expect(got.meanLoss).toBeCloseTo(want.meanLoss, 3);
      expect(Math.abs(got.meanLoss - want.meanLoss)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(want.meanLoss)));
      for (let t = 0; t < T; t++) {
        if (targets[t]! >= 0) continue;
        expect(got.loss[t]).toBe(0);
        expect(got.dlogits.subarray(t * V, (t + 1) * V).every((x) => x === 0)).toBe(true);
      }
    });
  }

  it('gradient rows of counted targets sum to zero and are finite at ±1e4', async () => {
    const T = 3;
    const V = 7;
    const logits = Float32Array.from({ length: T * V }, (_, i) => (i % 3 === 0 ? 1e4 : i % 3 === 1 ? -1e4 : 0));
    const got = await crossEntropy(gpu(), logits, Int32Array.of(1, 0, 6), { T, V });
    expect(got.count).toBe(3);
    for (let t = 0; t < T; t++) {
      const row = got.dlogits.subarray(t * V, (t + 1) * V);
      expect(row.every(Number.isFinite)).toBe(true);
      expect(Math.abs(row.reduce((a, b) => a + b, 0))).toBeLessThan(1e-6);
    }
    // Row 0 = [1e4, −1e4, 0, 1e4, −1e4, 0, 1e4], target z = −1e4: three columns hold the max, so
    // the loss is 2e4 + log 3.
    expect(got.loss[0]).toBeCloseTo(2e4 + Math.log(3), 1);
  });

  it('all rows ignored: zero loss, zero gradients, mean 0', async () => {
    const got = await crossEntropy(gpu(), makeLogits(3, 2, 7, 'random'), Int32Array.of(-1, -1), { T: 2, V: 7 });
    expect(got.count).toBe(0);
    expect(got.meanLoss).toBe(0);
    expect([...got.loss]).toEqual([0, 0]);
    expect(got.dlogits.every((x) => x === 0)).toBe(true);
  });

  it('a plan picks up new targets between runs (N is counted on the GPU)', async () => {
    const g = gpu();
    const T = 4;
    const V = 7;
    const logits = makeLogits(11, T, V, 'random');
    const buffers = {
      logits: g.upload(logits, 'ce.logits'),
      targets: g.upload(Int32Array.of(0, 1, 2, 3), 'ce.targets'),
      loss: g.createBuffer(T * 4, 'ce.loss'),
      dlogits: g.createBuffer(T * V * 4, 'ce.dlogits'),
    };
    const plan = await planCrossEntropy(g, buffers, { T, V });
    try {
      for (const targets of [Int32Array.of(0, 1, 2, 3), Int32Array.of(-1, 6, -1, 5)]) {
        g.device.queue.writeBuffer(buffers.targets, 0, targets);
        await g.run(plan.encode);
        const want = crossEntropyReference(logits, targets, T, V);
        const grad = compareArrays('dlogits', await g.readF32(buffers.dlogits, T * V), want.dlogits, {
          atol: 1e-6,
          rtol: 1e-4,
        });
        expect(grad.passed, grad.detail).toBe(true);
      }
    } finally {
      plan.destroy();
      for (const b of Object.values(buffers)) b.destroy();
    }
  });

  it('rejects targets outside [−1, V) naming the row, and bad shapes', async () => {
    const logits = new Float32Array(3 * 7);
    await expect(crossEntropy(gpu(), logits, Int32Array.of(0, 7, 1), { T: 3, V: 7 })).rejects.toThrow(UserInputError);
    await expect(crossEntropy(gpu(), logits, Int32Array.of(0, 1, -2), { T: 3, V: 7 })).rejects.toThrow(
      /targets\[2\] = -2/,
    );
    await expect(crossEntropy(gpu(), logits, Int32Array.of(0, 7, 1), { T: 3, V: 7 })).rejects.toThrow(
      /targets\[1\] = 7/,
    );
    await expect(crossEntropy(gpu(), logits, Int32Array.of(0, 1), { T: 3, V: 7 })).rejects.toThrow(/expected T = 3/);
    await expect(crossEntropy(gpu(), logits, Int32Array.of(0), { T: 0, V: 7 })).rejects.toThrow(/T=0/);
  });
});
