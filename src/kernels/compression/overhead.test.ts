// Overhead timing and reconstruction error on dawn.node (SwiftShader: the times only show the
// plumbing works, they are not GPU performance): one result per compressor with positive sample
// times and the reference code's payload sizes; roundtrips whose errors match the references;
// refusals.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { compressRoundtrip, reconstructionError, timeCompressorOverhead } from './overhead';
import { quantizeReference } from './quantize.reference';
import { sparsifyReference } from './sparsify.reference';

describe('compressor overhead', () => {
  const gpu = useNodeGpu();
  it('times every method once per call, with payload sizes in the code formats', async () => {
    const shape = { batch: 2, seq: 3, hidden: 10 };
    const got = await timeCompressorOverhead(
      gpu(),
      shape,
      [
        { kind: 'quantize', bits: 4 },
        { kind: 'topk', k: 7 },
      ],
      { warmup: 1, reps: 2 },
    );
    expect(got.map((r) => r.label)).toEqual(['4-bit', 'top-k 7']);
    for (const r of got) expect(r.timing.samplesMs.length).toBeGreaterThan(0);
    expect(got[0]!.payloadBytes).toBe(6 * 5 + 2 * 10);
    expect(got[1]!.payloadBytes).toBe(70);
    expect(got[0]!.fp16Bytes).toBe(120);
  });
  it('roundtrips match the references; errors are relative L2 and cosine', async () => {
    const rng = createRng(3);
    const x = Float32Array.from({ length: 7 * 13 }, () => rng.uniform(-1, 1));
    const q = await compressRoundtrip(gpu(), x, 7, 13, { kind: 'quantize', bits: 8 });
    const qRef = quantizeReference(x, 7, 13, 8).xhat;
    const e = reconstructionError(x, q);
    const eRef = reconstructionError(x, qRef);
    expect(e.relativeL2).toBeCloseTo(eRef.relativeL2, 3);
    expect(e.cosine).toBeGreaterThan(0.999);
    const t = await compressRoundtrip(gpu(), x, 7, 13, { kind: 'topk', k: 20 });
    const kept = sparsifyReference(x, 20, 'topk');
    const dense = new Float32Array(x.length);
    kept.indices.forEach((i, j) => (dense[i] = kept.values[j]!));
    expect(Array.from(t)).toEqual(Array.from(dense));
    expect(reconstructionError([1, 0], [1, 0])).toEqual({ relativeL2: 0, cosine: 1 });
  });
  it('refuses bad shapes and settings', async () => {
    await expect(timeCompressorOverhead(gpu(), { batch: 0, seq: 1, hidden: 4 }, [])).rejects.toThrow(/batch=0/);
    await expect(
      timeCompressorOverhead(gpu(), { batch: 1, seq: 2, hidden: 4 }, [{ kind: 'topk', k: 9 }]),
    ).rejects.toThrow(/k=9 is larger than the 8 elements/);
    await expect(
      compressRoundtrip(gpu(), new Float32Array(4), 2, 2, { kind: 'quantize', bits: 5 as 8 }),
    ).rejects.toThrow(/bits=5 must be 2, 4 or 8/);
  });
});
