import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { bceLoss } from './bceLoss';
import { bceLossReference } from './bceLoss.reference';
import { expectClose, FORWARD } from './fixtures';

describe('binary cross-entropy on logits', () => {
  it('reference: matches −y log σ − (1 − y) log(1 − σ) and finite differences of the mean', () => {
    const z = [-3, 0.2, 4];
    const y = [1, 0, 0.25];
    const { loss, dLogits } = bceLossReference(z, y);
    z.forEach((zz, b) => {
      const s = 1 / (1 + Math.exp(-zz));
      expect(loss[b]).toBeCloseTo(-y[b]! * Math.log(s) - (1 - y[b]!) * Math.log(1 - s), 12);
      const mean = (v: number) =>
        bceLossReference(
          z.map((q, i) => (i === b ? v : q)),
          y,
        ).loss.reduce((a, c) => a + c, 0) / z.length;
      expect(dLogits[b]).toBeCloseTo((mean(zz + 1e-6) - mean(zz - 1e-6)) / 2e-6, 7);
    });
  });

  const gpu = useNodeGpu();
  it('GPU vs reference, including large |logits| (no overflow) and B not a multiple of 64', async () => {
    const z = Float32Array.from({ length: 67 }, (_, i) => (i - 33) * 1.7);
    const y = Float32Array.from({ length: 67 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const got = await bceLoss(gpu(), z, y);
    const want = bceLossReference(z, y);
    expectClose('loss', got.loss, want.loss, { atol: 1e-5, rtol: 1e-6 });
    expectClose('dLogits', got.dLogits, want.dLogits, FORWARD);
    await expect(bceLoss(gpu(), z.subarray(0, 2), Float32Array.of(0, 2))).rejects.toThrow(
      'label 2 at 1 is outside [0, 1]',
    );
  });

  it('a shard of 5 examples of a 13-example batch: dLogits = (σ − y)/13, same losses', async () => {
    const z = Float32Array.of(-2.5, -0.3, 0, 1.1, 6);
    const y = Float32Array.of(1, 0, 1, 0.5, 0);
    const got = await bceLoss(gpu(), z, y, 13);
    const want = bceLossReference(z, y, 13);
    expectClose('loss', got.loss, want.loss, { atol: 1e-5, rtol: 1e-6 });
    expectClose('dLogits', got.dLogits, want.dLogits, FORWARD);
    // The shard's gradient is 5/13 of its own mean's: the trainers' shares of a batch add up to its mean.
    const own = bceLossReference(z, y).dLogits;
    want.dLogits.forEach((g, b) => expect(g).toBeCloseTo((own[b]! * 5) / 13, 12));
    await expect(bceLoss(gpu(), z, y, 4)).rejects.toThrow('meanOver=4 must be an integer of at least B=5');
  });
});
