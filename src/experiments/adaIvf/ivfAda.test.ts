// Ada-IVF's own parts: read temperatures and the local and global indicators, on hand-made indexes.
import { describe, expect, it } from 'vitest';
import { IvfIndex } from './ivfIndex';
import { driftTerm, globalIndicator, localIndicator, sizeTerm, updateTemperatures } from './ivfAda';
import type { PolicyParams } from './ivfPolicy';

const params = { targetSize: 100, alpha: 2, beta: 0.25 } as PolicyParams;

describe('Ada-IVF indicators and temperatures', () => {
  it('size and drift terms follow Eq. 2–3', () => {
    expect(sizeTerm(150, 100)).toBe(0.5);
    expect(sizeTerm(100, 100)).toBe(0);
    expect(sizeTerm(25, 100)).toBe(3);
    expect(sizeTerm(0, 100)).toBe(Infinity);
    const index = new IvfIndex(new Float32Array(8), 2);
    index.addPartition(Float32Array.from([3, 4]));
    const p = index.partitions[0]!;
    p.centroid.set([3, 5]);
    expect(driftTerm(p)).toBeCloseTo(1 / 5, 12);
    // f = α·T·(β f_s + (1−β) f_d) with s = 0 → ∞; give it members first.
    index.insert([0, 1, 2, 3], [0, 0, 0, 0]);
    p.temperature = 3;
    expect(localIndicator(p, params)).toBeCloseTo(2 * 3 * (0.25 * 24 + 0.75 * 0.2), 9);
  });

  it('global indicator compares σ and ε with the baseline and the expected error ε0·(n0/n)^(1/d)', () => {
    const s = {
      partitions: 10,
      live: 4000,
      meanSize: 400,
      sizeStd: 30,
      maxSize: 500,
      emptyPartitions: 0,
      reconstructionError: 2,
    };
    const b = { sigma0: 20, eps0: 2, n0: 1000 };
    const expected = 2 * Math.pow(1000 / 4000, 1 / 4);
    expect(globalIndicator(s, b, 4, 0.5)).toBeCloseTo(0.5 * 0.5 + (0.5 * Math.abs(2 - expected)) / expected, 12);
    expect(globalIndicator({ ...s, sizeStd: 0, live: 1000 }, { sigma0: 0, eps0: 2, n0: 1000 }, 4, 0.5)).toBe(0);
  });

  it('Alg. 3: probed partitions heat by 1 + η·d0/d, the others cool to no less than 1', () => {
    const index = new IvfIndex(new Float32Array(2), 1);
    for (let c = 0; c < 4; c++) index.addPartition(Float32Array.from([c]));
    index.partitions[3]!.temperature = 1.5;
    // One query probing lists 2 (distance 1) then 0 (distance 4); stride 3 with a -1 pad.
    updateTemperatures(index, Int32Array.from([2, 0, -1]), Float32Array.from([1, 4, 0]), 1, 3, 3, 0.5, 0.2);
    expect(index.partitions[2]!.temperature).toBeCloseTo(1.5, 12);
    expect(index.partitions[0]!.temperature).toBeCloseTo(1 + 0.5 * 0.25, 12);
    expect(index.partitions[1]!.temperature).toBe(1);
    expect(index.partitions[3]!.temperature).toBeCloseTo(1.2, 12);
  });
});
