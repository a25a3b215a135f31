import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { measureCopy, measureFma } from './probe';
import { FMA_C, FMA_M, fmaChainReference } from './probe.reference';

// The probes verify what they computed (FMA sums against the CPU chain model, copied windows
// against the source pattern); here we check that verification passes on a real device and that
// the reference itself behaves like the chain it models.
describe('device probes', () => {
  const gpu = useNodeGpu();

  it('the FMA chain reference converges to c / (1 - m) and rounds in f32', () => {
    const fixed = FMA_C / (1 - FMA_M);
    expect(fmaChainReference(fixed, 1000)).toBeCloseTo(fixed, 2);
    const x = fmaChainReference(0.5, 3);
    expect(Math.fround(x)).toBe(x);
    expect(x).not.toBe(0.5);
  });

  it('FMA: verified sums and a positive rate', async () => {
    const m = await measureFma(gpu(), { targetMs: 1, reps: 2 });
    expect(m.check.passed, m.check.detail).toBe(true);
    expect(m.rate).toBeGreaterThan(0);
  });

  it('copy: verified windows and a positive rate', async () => {
    const m = await measureCopy(gpu(), { targetMs: 1, reps: 2, maxBytes: 1 << 20 });
    expect(m.check.passed, m.check.detail).toBe(true);
    expect(m.rate).toBeGreaterThan(0);
  });
});
