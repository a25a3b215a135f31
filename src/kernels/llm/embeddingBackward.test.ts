import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays, type Tolerance } from '../compare';
import { embeddingBackward, groupTokenRows, planEmbeddingBackward } from './embeddingBackward';
import { embeddingBackwardReference, embeddingReference } from './embeddingBackward.reference';

const BACKWARD: Tolerance = { atol: 1e-4, rtol: 1e-5 };

function expectClose(name: string, got: ArrayLike<number>, want: ArrayLike<number>, tol: Tolerance): void {
  const c = compareArrays(name, got, want, tol);
  expect(c.passed, `${name}: max |error| ${c.maxAbsError} > ${c.tolerance} (${c.detail})`).toBe(true);
}

function uniform(seed: number, n: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
}

describe('embedding backward reference', () => {
  it('matches finite differences of L = Σ embed(E) · g (repeated and unused ids)', () => {
    const [V, H] = [4, 3];
    const tokens = [2, 0, 2, 3, 2];
    const E = Array.from(uniform(1, V * H));
    const g = Array.from(uniform(2, tokens.length * H));
    const loss = (e: number[]) => embeddingReference(e, tokens, H).reduce((s, y, i) => s + y * g[i]!, 0);
    const grad = embeddingBackwardReference(g, tokens, V, H);
    const h = 1e-6;
    for (let i = 0; i < V * H; i++) {
      const plus = E.slice();
      const minus = E.slice();
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      expect(Math.abs(grad[i]! - (loss(plus) - loss(minus)) / (2 * h)), `dE[${i}]`).toBeLessThan(1e-8);
    }
    expect(Array.from(grad.subarray(H, 2 * H))).toEqual([0, 0, 0]); // id 1 is unused
  });

  it('groups rows by id in ascending t', () => {
    const g = groupTokenRows(Int32Array.of(3, 1, 3, 0, 1, 3));
    expect(g.count).toBe(3);
    expect(Array.from(g.order)).toEqual([3, 1, 4, 0, 2, 5]);
    expect(Array.from(g.segId.subarray(0, 3))).toEqual([0, 1, 3]);
    expect(Array.from(g.segStart)).toEqual([0, 1, 3, 6, 6, 6, 6]);
  });
});

describe('embedding backward (GPU) vs the f64 reference', () => {
  const gpu = useNodeGpu();
  const cases = [
    { V: 3, H: 5, tokens: [2] },
    { V: 5, H: 33, tokens: [4, 0, 4, 2, 4, 0, 2] },
    { V: 11, H: 64, tokens: [7, 7, 7, 7, 7, 7, 7] },
    { V: 9, H: 65, tokens: [8, 1, 0, 3, 5, 2, 6] },
  ];
  for (const { V, H, tokens } of cases) {
    it(`T=${tokens.length} V=${V} H=${H} tokens [${tokens}]`, async () => {
      const ids = Int32Array.from(tokens);
      const dx = uniform(V * 100 + H, ids.length * H);
      const got = await embeddingBackward(gpu(), dx, ids, { V, H });
      expectClose('dEmbed', got, embeddingBackwardReference(dx, ids, V, H), BACKWARD);
    });
  }

  it('accumulates into the gradient already there (micro-batches), leaving unused rows as they were', async () => {
    const [V, H] = [6, 33];
    const ids = Int32Array.of(5, 0, 5, 2, 5, 0, 2);
    const dx = uniform(3, ids.length * H);
    const prior = uniform(4, V * H);
    const got = await embeddingBackward(gpu(), dx, ids, { V, H }, { dEmbed: prior });
    expectClose('dEmbed (accumulated)', got, embeddingBackwardReference(dx, ids, V, H, prior), BACKWARD);
    expect(Array.from(got.subarray(H, 2 * H))).toEqual(Array.from(prior.subarray(H, 2 * H)));
  });

  it('reuses one plan for a new batch after setTokens, and clears rows the new batch does not use', async () => {
    const [T, V, H] = [7, 5, 5];
    const g = gpu();
    const dx = uniform(5, T * H);
    const dxBuf = g.upload(dx, 'dx');
    const dEmbed = g.createBuffer(V * H * 4, 'dEmbed');
    const first = Int32Array.of(0, 1, 2, 3, 4, 0, 1);
    const second = Int32Array.of(3, 3, 1, 3, 1, 3, 3);
    const plan = await planEmbeddingBackward(g, { dx: dxBuf, dEmbed }, { T, V, H }, first);
    try {
      await g.run(plan.encode);
      expectClose('first batch', await g.readF32(dEmbed, V * H), embeddingBackwardReference(dx, first, V, H), BACKWARD);
      plan.setTokens(second);
      await g.run(plan.encode);
      expectClose(
        'second batch',
        await g.readF32(dEmbed, V * H),
        embeddingBackwardReference(dx, second, V, H),
        BACKWARD,
      );
      expect(() => plan.setTokens(Int32Array.of(1, 2))).toThrow(/tokens has 2 ids, expected \[T\] = \[7\]/);
    } finally {
      plan.destroy();
      dxBuf.destroy();
      dEmbed.destroy();
    }
  });

  it('rejects ids outside [0, V), naming the position and the id', async () => {
    const dx = new Float32Array(3 * 2);
    await expect(embeddingBackward(gpu(), dx, Int32Array.of(0, -1, 2), { V: 4, H: 2 })).rejects.toThrow(UserInputError);
    await expect(embeddingBackward(gpu(), dx, Int32Array.of(0, -1, 2), { V: 4, H: 2 })).rejects.toThrow(
      /token id -1 at position 1 is outside \[0, 4\)/,
    );
    await expect(embeddingBackward(gpu(), dx, Int32Array.of(0, 1, 4), { V: 4, H: 2 })).rejects.toThrow(
      /token id 4 at position 2 is outside \[0, 4\)/,
    );
    await expect(embeddingBackward(gpu(), dx, Int32Array.of(0, 1), { V: 4, H: 2 })).rejects.toThrow(
      /dx has 6 values, expected \[T, H\] = \[2, 2\] = 4/,
    );
  });
});
