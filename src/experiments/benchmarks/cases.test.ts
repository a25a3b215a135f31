// Case registry, parameters and peer bookkeeping, without a GPU: every case gets its switch,
// shapes are listed at both sizes, 'auto' follows the adapter, and peers that cannot load or that
// throw become a status instead of an error.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { BENCH_CASES } from './cases';
import { gaussianMixture, recallAtK } from './cases/ivfData';
import { benchParams, readSettings } from './params';
import { createPeers, measurePeer, type PeerHandle } from './peers';
import { benchmarks } from './index';
import { assertValidParams } from '../../core/params';

describe('case registry and parameters', () => {
  it('has unique case ids that do not collide with the run parameters', () => {
    const ids = BENCH_CASES.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const keys = benchmarks.params.map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const id of ids) expect(keys).toContain(id);
  });

  it('describes every case at both sizes, differently', () => {
    for (const c of BENCH_CASES) {
      expect(c.describe('small'), c.id).toMatch(/\d/);
      expect(c.describe('realistic'), c.id).not.toBe(c.describe('small'));
      expect(c.peers.length, c.id).toBeGreaterThan(0);
    }
  });

  it("resolves size 'auto' by the adapter and keeps only the switched-on cases", () => {
    const defaults = assertValidParams(benchParams(BENCH_CASES), {});
    expect(readSettings(defaults, BENCH_CASES, true).size).toBe('small');
    expect(readSettings(defaults, BENCH_CASES, false).size).toBe('realistic');
    expect(readSettings({ ...defaults, size: 'small' }, BENCH_CASES, false).size).toBe('small');
    const only = readSettings({ ...defaults, xattn: false, ivf: false }, BENCH_CASES, true);
    expect(only.cases.map((c) => c.id)).toEqual(
      BENCH_CASES.map((c) => c.id).filter((id) => id !== 'xattn' && id !== 'ivf'),
    );
    expect(only.reps).toBeGreaterThanOrEqual(10);
  });

  it('has valid presets, each running at least one case', () => {
    for (const p of benchmarks.presets) {
      const values = assertValidParams(benchmarks.params, p.values);
      expect(readSettings(values, BENCH_CASES, true).cases.length, p.id).toBeGreaterThan(0);
    }
  });
});

describe('peers', () => {
  it('are unavailable outside a browser, with a status that says why', async () => {
    const peers = createPeers({ ort: true, tfjs: false });
    const signal = new AbortController().signal;
    const ort = await measurePeer(peers.ort, async () => ({ note: 'never' }), signal);
    expect(ort.status).toMatch(/^peer unavailable: needs a browser with WebGPU/);
    expect(ort.wall).toBeUndefined();
    const tfjs = await measurePeer(peers.tfjs, async () => ({ note: 'never' }), signal);
    expect(tfjs.status).toMatch(/^off/);
  });

  it('turn a thrown error into "peer failed: …", but let a cancellation through', async () => {
    const fake: PeerHandle<number> = {
      label: 'Fake',
      load: async () => ({ ok: true, mod: 1, version: 'fake 1', loadMs: 1 }),
    };
    const failed = await measurePeer(
      fake,
      async () => {
        throw new Error('MultiHeadAttention\n is not implemented');
      },
      new AbortController().signal,
    );
    expect(failed).toEqual({
      impl: 'Fake',
      role: 'peer',
      status: 'peer failed: MultiHeadAttention is not implemented',
    });
    const ac = new AbortController();
    ac.abort();
    await expect(
      measurePeer(
        fake,
        async () => {
          throw new DOMException('cancelled', 'AbortError');
        },
        ac.signal,
      ),
    ).rejects.toThrow('cancelled');
  });
});

describe('IVF case data', () => {
  it('draws the same mixture for the same seed, with the requested shapes', () => {
    const o = { n: 50, queries: 7, d: 3, clusters: 4, sigma: 0.1 };
    const a = gaussianMixture(createRng(5), o);
    const b = gaussianMixture(createRng(5), o);
    expect(a.base).toEqual(b.base);
    expect(a.base).toHaveLength(150);
    expect(a.queries).toHaveLength(21);
  });

  it('computes recall@k as the share of true neighbours found, ignoring padding', () => {
    const exact = [1, 2, 3, 4, 5, 6];
    expect(recallAtK([3, 2, 1, 6, 5, 4], exact, 3)).toBe(1);
    expect(recallAtK([1, 9, -1, 4, 5, 7], exact, 3)).toBeCloseTo(3 / 6, 12);
  });
});
