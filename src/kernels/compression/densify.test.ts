// Densify-and-sum on dawn.node against the f64 reference: 1 to 3 peers, n = 5, 130 and 4290
// (past one workgroup, not a multiple of 64), overlapping index sets across peers, k = 1 and k = n,
// the 'clear' op of error feedback, and refusals (index out of range, repeated index).
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compareArrays } from '../compare';
import { densifySum, planDensify } from './densify';
import { densifySumReference } from './densify.reference';

function distinct(n: number, k: number, rng: ReturnType<typeof createRng>): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform(0, i + 1));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, k);
}

describe('densify', () => {
  const gpu = useNodeGpu();
  for (const [peers, n, k] of [
    [1, 5, 1],
    [2, 130, 40],
    [3, 4290, 4290],
    [3, 4290, 7],
  ] as const) {
    it(`${peers} peer(s), k=${k} of ${n}`, async () => {
      const rng = createRng(n + k);
      const indices = Int32Array.from(Array.from({ length: peers }, () => distinct(n, k, rng)).flat());
      const values = Float32Array.from({ length: peers * k }, () => rng.uniform(-1, 1));
      const got = await densifySum(gpu(), values, indices, peers, n);
      const check = compareArrays('dense sum', got, densifySumReference(values, indices, peers, n), {
        atol: 1e-6,
        rtol: 1e-6,
      });
      expect(check.passed, check.detail).toBe(true);
    });
  }

  it("'clear' zeroes the sent positions and keeps the rest", async () => {
    const g = gpu();
    const out = g.upload(Float32Array.from([1, 2, 3, 4, 5]), 'out');
    const values = g.upload(new Float32Array(2), 'v');
    const indices = g.upload(Int32Array.from([4, 1]), 'i');
    const plan = await planDensify(g, { peers: [{ values, indices, k: 2 }], out }, 5, {
      accumulate: true,
      op: 'clear',
    });
    await g.run((pass) => plan.encode(pass));
    expect(Array.from(await g.readF32(out, 5))).toEqual([1, 0, 3, 4, 0]);
    plan.destroy();
    for (const b of [out, values, indices]) b.destroy();
  });

  it('refuses an index out of range and a repeated index', async () => {
    await expect(densifySum(gpu(), new Float32Array(2), Int32Array.from([0, 5]), 1, 5)).rejects.toThrow(
      /index 5 is outside \[0, 5\)/,
    );
    await expect(densifySum(gpu(), new Float32Array(2), Int32Array.from([1, 1]), 1, 5)).rejects.toThrow(
      /sends index 1 twice/,
    );
  });
});
