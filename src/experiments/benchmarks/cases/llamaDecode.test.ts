// The LLM decode bench case on dawn.node (SwiftShader: times are CPU emulation and are not
// asserted): both weight formats run, their logits match the f64 model on the weights as stored,
// and the f16 row reads about half the weight bytes of the f32 row.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../../gpu/testing';
import { createRng } from '../../../data/pcg32';
import { createPeers } from '../peers';
import { llamaDecodeCase } from './llamaDecode';

describe('LLM decode bench case', () => {
  const gpu = useNodeGpu();

  it('runs f32 and f16 weights, checked against the f64 reference, with the weight bytes each reads', async () => {
    const r = await llamaDecodeCase.run({
      gpu: gpu(),
      size: 'small',
      rng: createRng(5),
      warmup: 1,
      reps: 2,
      signal: new AbortController().signal,
      peers: createPeers({ ort: false, tfjs: false }),
      progress: () => undefined,
    });
    expect(r.impls.map((i) => [i.impl, i.role, i.status])).toEqual([
      ['ours (f32 weights)', 'ours', 'ok'],
      ['ours (f16 weights)', 'baseline', 'ok'],
    ]);
    expect(r.checks).toHaveLength(2);
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const [f32, f16] = r.impls.map((i) => i.bytes!);
    expect(r.bytes).toBe(f32);
    // Matrices halve; the norm weights stay f32 (a few KB), so just over half.
    expect(f16! / f32!).toBeGreaterThan(0.5);
    expect(f16! / f32!).toBeLessThan(0.51);
    expect(r.flops).toBeGreaterThan(0);
  });
});
