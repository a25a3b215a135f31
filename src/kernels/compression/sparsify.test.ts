// Top-k and rand-k on dawn.node against the sorting reference: flat sizes from [rows, h] with rows
// 1, 7, 33 and h 5, 64, 130 (1 to 4290 elements: one and several histogram workgroups and
// compaction blocks), k = 1, a middle k and k = n, inputs with many tied magnitudes (ties go to
// the lower index), an all-zero tensor, rand-k distinct and reproducible per seed, a tensor of
// 257+ compaction blocks (the block scan carries across its 256-block chunks), the count pass on a
// 2-D grid with workgroups past the last block (as deviceGrid launches beyond 65,535 blocks), and
// refusals (bad k, NaN / ±Inf).
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { BufferSet } from '../../gpu/resources';
import { createRng } from '../../data/pcg32';
import { planSparsify, sparsify, type SparsifyMode } from './sparsify';
import { sparsifyReference } from './sparsify.reference';

/** Values on a coarse grid with both signs, so many |x| tie. */
function tiedValues(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => Math.round(rng.uniform(-8, 8)) / 4);
}

describe('sparsify', () => {
  const gpu = useNodeGpu();
  const sizes = [
    [1, 5],
    [7, 130],
    [33, 64],
    [33, 130],
  ] as const;
  for (const mode of ['topk', 'randk'] as SparsifyMode[]) {
    for (const [rows, h] of sizes) {
      const n = rows * h;
      for (const k of new Set([1, Math.max(1, Math.floor(n / 3)), n])) {
        it(`${mode} k=${k} of [${rows}, ${h}]`, async () => {
          const x = tiedValues(n, n + k);
          const got = await sparsify(gpu(), x, k, mode, 17);
          const want = sparsifyReference(x, k, mode, 17);
          expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
          expect(Array.from(got.values)).toEqual(Array.from(want.values));
        });
      }
    }
  }

  it('top-k of an all-zero tensor keeps the lowest indices', async () => {
    const got = await sparsify(gpu(), new Float32Array(3000), 5, 'topk');
    expect(Array.from(got.indices)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rand-k: distinct positions, the same for a seed, different for another', async () => {
    const x = Float32Array.from({ length: 2000 }, (_, i) => i);
    const a = await sparsify(gpu(), x, 300, 'randk', 1);
    const b = await sparsify(gpu(), x, 300, 'randk', 1);
    const c = await sparsify(gpu(), x, 300, 'randk', 2);
    expect(new Set(a.indices).size).toBe(300);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.indices)).not.toEqual(Array.from(c.indices));
    expect(Array.from(a.values)).toEqual(Array.from(a.indices));
  });

  // 263,000 elements = 257 compaction blocks: the single-workgroup block scan carries a running
  // offset from its first 256 blocks into the 257th. Small k, so the kept elements sit in a few
  // blocks and the last block's offsets depend on the carry.
  for (const mode of ['topk', 'randk'] as SparsifyMode[]) {
    it(`${mode} k=7 of 263,000 elements (257 compaction blocks)`, async () => {
      const n = 263_000;
      const x = tiedValues(n, 41);
      // Put large values past block 256 so top-k keeps elements there.
      for (const i of [262_500, 262_999, 200_000]) x[i] = 100 + i / 1e6;
      const got = await sparsify(gpu(), x, 7, mode, 23);
      const want = sparsifyReference(x, 7, mode, 23);
      expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
      expect(Array.from(got.values)).toEqual(Array.from(want.values));
    });
  }

  it('count pass: workgroups past the last block (2-D grid) write nothing', async () => {
    const g = gpu();
    const n = 4500; // 5 blocks of 1024
    const blocks = 5;
    const x = tiedValues(n, 9);
    // A device with 4 workgroups per dimension: deviceGrid launches [4, 2], blocks 5..7 past the
    // tensor, as it does past 65,535 blocks on a real device.
    const limits = g.info.limits;
    const saved = limits.maxComputeWorkgroupsPerDimension;
    limits.maxComputeWorkgroupsPerDimension = 4;
    const owned = new BufferSet();
    try {
      const k = 700;
      const xb = owned.add(g.upload(x, 'test.x'));
      const values = owned.add(g.createBuffer(4 * k, 'test.values'));
      const indices = owned.add(g.createBuffer(4 * k, 'test.indices'));
      const plan = await planSparsify(g, { x: xb, values, indices }, { n, k }, 'topk');
      try {
        await g.run((pass) => plan.encode(pass));
        const want = sparsifyReference(x, k, 'topk');
        expect(Array.from(await g.readI32(indices, k))).toEqual(Array.from(want.indices));
        // τ is the k-th largest |x|; each block counts the keys above and equal to it.
        const tau = Math.abs(x[want.indices.reduce((a, i) => (Math.abs(x[i]!) < Math.abs(x[a]!) ? i : a))]!);
        const counts: number[] = [];
        for (let b = 0; b < blocks; b++) {
          const block = Array.from(x.subarray(b * 1024, Math.min(n, (b + 1) * 1024)), Math.abs);
          counts.push(block.filter((v) => v > tau).length, block.filter((v) => v === tau).length);
        }
        expect(counts[2 * blocks - 1]).toBeGreaterThan(0);
        expect(Array.from(new Uint32Array(await g.read(plan.blockCounts, 8 * blocks)))).toEqual(counts);
      } finally {
        plan.destroy();
      }
    } finally {
      limits.maxComputeWorkgroupsPerDimension = saved!;
      owned.destroy();
    }
  });

  it('refuses NaN and ±Inf', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const x = Float32Array.of(1, 2, bad, 3);
      await expect(sparsify(gpu(), x, 2, 'topk')).rejects.toThrow(/element 2 is not finite/);
    }
  });

  it('refuses k < 1, k > n and a non-integer k', async () => {
    await expect(sparsify(gpu(), new Float32Array(4), 0, 'topk')).rejects.toThrow(/k=0 must be an integer ≥ 1/);
    await expect(sparsify(gpu(), new Float32Array(4), 5, 'randk')).rejects.toThrow(/k=5 is larger than the tensor's 4/);
    await expect(sparsify(gpu(), new Float32Array(4), 1.5, 'topk')).rejects.toThrow(/k=1.5/);
  });
});
