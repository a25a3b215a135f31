// Both ring algorithms on N simulated workers must equal single-device attention (and the f64
// reference), for uneven splits, more workers than rows, GQA and key masks; and the traffic and
// FLOPs they count while encoding must equal the schedule's formulas.
import { describe, expect, it, vi } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { attention, type AttentionShape } from '../attention';
import { attentionReference } from '../attention/flashAttention.reference';
import { compareAttention } from '../attention';
import { lvXAttn } from './lvXAttn';
import { ringAttention } from './ringAttention';
import { ringSchedule } from './ringPartitions';

function inputs(seed: number, s: AttentionShape) {
  const rng = createRng(seed);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  return {
    q: fill(s.sQ * s.heads * s.headDim),
    k: fill(s.sKV * s.kvHeads * s.headDim),
    v: fill(s.sKV * s.kvHeads * s.headDim),
  };
}

function expectAllPass(checks: ReturnType<typeof compareAttention>): void {
  for (const c of checks)
    expect(c.passed, `${c.name}: ${c.detail} (max abs ${c.maxAbsError}, tol ${c.tolerance})`).toBe(true);
}

const algorithms = [
  ['lv-xattn', lvXAttn],
  ['ring-attention', ringAttention],
] as const;

describe('ring algorithms on simulated devices', () => {
  const gpu = useNodeGpu();
  const gqa: AttentionShape = { sQ: 10, sKV: 23, heads: 4, kvHeads: 2, headDim: 8 };

  for (const [name, run] of algorithms) {
    describe(name, () => {
      it('equals single-device attention for N = 1, 2, 3, 4, 7 (uneven splits, GQA 4:2)', async () => {
        const { q, k, v } = inputs(1, gqa);
        const single = await attention(gpu(), q, k, v, gqa);
        const want = attentionReference(q, k, v, gqa);
        for (const devices of [1, 2, 3, 4, 7]) {
          const r = await run(gpu(), q, k, v, gqa, { devices });
          expectAllPass(compareAttention(`${name} N=${devices}`, r, want));
          expectAllPass(compareAttention(`${name} N=${devices} vs single`, r, single));
          const schedule = ringSchedule(name, gqa, devices);
          expect(r.steps).toEqual(schedule);
          expect(r.totals.flops).toBe(4 * gqa.sQ * gqa.sKV * gqa.heads * gqa.headDim);
        }
      });

      it('more workers than query rows and than keys (empty blocks): S_Q = 3, S_KV = 2, N = 4', async () => {
        const s: AttentionShape = { sQ: 3, sKV: 2, heads: 2, kvHeads: 1, headDim: 5 };
        const { q, k, v } = inputs(2, s);
        const r = await run(gpu(), q, k, v, s, { devices: 4 });
        expect(r.qSplit).toEqual([1, 1, 1, 0]);
        expect(r.kvSplit).toEqual([1, 1, 0, 0]);
        expectAllPass(compareAttention(`${name} empty blocks`, r, attentionReference(q, k, v, s)));
        expect(r.steps).toEqual(ringSchedule(name, s, 4));
      });

      it('key mask, including a worker whose whole K/V block is masked, and a fully masked input', async () => {
        const s: AttentionShape = { sQ: 7, sKV: 20, heads: 2, kvHeads: 2, headDim: 4 };
        const { q, k, v } = inputs(3, s);
        // N = 3 → K/V blocks of 7, 7, 6 keys; the middle block (keys 7..13) is masked entirely.
        const mask = Int32Array.from({ length: s.sKV }, (_, j) => ((j >= 7 && j < 14) || j === 2 ? 0 : 1));
        const r = await run(gpu(), q, k, v, s, { devices: 3, mask });
        expectAllPass(compareAttention(`${name} mask`, r, attentionReference(q, k, v, s, { mask })));
        expect(r.steps).toEqual(ringSchedule(name, s, 3, { masked: true }));
        const none = new Int32Array(s.sKV);
        const empty = await run(gpu(), q, k, v, s, { devices: 3, mask: none });
        expect([...empty.lse].every((x) => x === -Infinity)).toBe(true);
        expect([...empty.o].every((x) => Object.is(x, 0))).toBe(true);
      });

      it('counts real sends (bytes match the closed form) and reads back only o and lse, once, for all steps', async () => {
        const { q, k, v } = inputs(4, gqa);
        const reads = vi.spyOn(gpu(), 'read');
        const r = await run(gpu(), q, k, v, gqa, { devices: 3 });
        expect(reads).toHaveBeenCalledTimes(2);
        reads.mockRestore();
        const { sQ, sKV, heads, kvHeads, headDim: d } = gqa;
        const want =
          name === 'lv-xattn' ? 4 * (2 * sQ * heads * d + 3 * sQ * heads * (d + 1)) : 4 * 2 * (2 * sKV * kvHeads * d);
        expect(r.totals.bytesSent).toBe(want);
        // LV-XAttn: per worker, N-1 steps × (Q, O, LSE) + the last hop's (O, LSE); Ring: N-1 steps × (K, V).
        expect(r.totals.sends).toBe(name === 'lv-xattn' ? 3 * (2 * 3 + 2) : 3 * 2 * 2);
        expect(r.totals.dispatches).toBe(3 * 3 + 3 * 2); // N² attention + N(N-1) merges
      });
    });
  }

  it('the two algorithms agree on a longer KV (S_KV = 300, N = 5, GQA 6:3, d = 16)', async () => {
    const s: AttentionShape = { sQ: 13, sKV: 300, heads: 6, kvHeads: 3, headDim: 16 };
    const { q, k, v } = inputs(5, s);
    const want = attentionReference(q, k, v, s);
    const lv = await lvXAttn(gpu(), q, k, v, s, { devices: 5 });
    const ring = await ringAttention(gpu(), q, k, v, s, { devices: 5 });
    expectAllPass(compareAttention('lv', lv, want));
    expectAllPass(compareAttention('ring', ring, want));
  });
});
