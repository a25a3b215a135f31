// Ada-IVF's own parts: read temperatures and the local and global indicators, on hand-made indexes.
import { describe, expect, it } from 'vitest';
import { IvfIndex } from './ivfIndex';
import { driftTerm, expectedError, globalIndicator, localIndicator, sizeTerm, updateTemperatures } from './ivfAda';
import type { PolicyParams } from './ivfPolicy';
import { CpuClusterEngine } from './ivfCpuEngine';
import { createRng } from '../../data/pcg32';

/** An index over `rows` [n, 2] with one partition (centroid μ0 = c0) holding every row. */
function onePartition(rows: number[][], c0: number[]): IvfIndex {
  const index = new IvfIndex(Float32Array.from(rows.flat()), c0.length);
  index.addPartition(Float32Array.from(c0));
  index.insert(
    rows.map((_, i) => i),
    rows.map(() => 0),
  );
  return index;
}

const params = { targetSize: 100, alpha: 2, beta: 0.25 } as PolicyParams;

describe('Ada-IVF indicators and temperatures', () => {
  it('size term follows Eq. 2; the drift term is ‖μ − μ0‖ in units of the partition radius', () => {
    expect(sizeTerm(150, 100)).toBe(0.5);
    expect(sizeTerm(100, 100)).toBe(0);
    expect(sizeTerm(25, 100)).toBe(3);
    expect(sizeTerm(0, 100)).toBe(Infinity);
    // Members (±1, 0) and (0, ±1) around μ = (3, 4): RMS radius 1. μ0 = (3, 5): drift 1 → f_d = 1
    // (the paper's ‖μ0‖ divisor would give 1/√34 here).
    const rows = [
      [4, 4],
      [2, 4],
      [3, 5],
      [3, 3],
    ];
    const index = onePartition(rows, [3, 5]);
    const p = index.partitions[0]!;
    p.centroid.set([3, 4]);
    expect(driftTerm(p)).toBeCloseTo(1, 6);
    p.temperature = 3;
    // f = α·T·(β f_s + (1−β) f_d), s = 4 members, τ_s = 100 → f_s = 24.
    expect(localIndicator(p, params)).toBeCloseTo(2 * 3 * (0.25 * 24 + 0.75 * 1), 6);
    // An empty partition, or one whose members coincide, has nothing to drift across.
    expect(driftTerm(onePartition([[1, 1]], [0, 0]).partitions[0]!)).toBe(0);
  });

  it('the drift term does not depend on where the origin is, or on the units', () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 40 }, () => [rng.normal(), rng.normal()]);
    const drift = (shift: number, scale: number) => {
      const moved = rows.map(([x, y]) => [scale * x! + shift, scale * y! - shift]);
      const index = onePartition(moved, [shift + scale * 0.7, -shift - scale * 0.2]);
      index.recomputeMeans();
      return driftTerm(index.partitions[0]!);
    };
    const base = drift(0, 1);
    expect(base).toBeGreaterThan(0.3);
    // Centred data put μ0 near the origin: ‖μ0‖ would make these differ by orders of magnitude.
    for (const [shift, scale] of [
      [100, 1],
      [-3, 1],
      [0, 50],
      [7, 0.01],
    ] as const)
      expect(drift(shift, scale), `shift ${shift}, scale ${scale}`).toBeCloseTo(base, 3);
  });

  it('global indicator compares σ and ε with the baseline and the expected error ε0·(n0/n)^(2/d)', () => {
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
    const expected = 2 * Math.pow(1000 / 4000, 2 / 4);
    expect(globalIndicator(s, b, 4, 0.5)).toBeCloseTo(0.5 * 0.5 + (0.5 * Math.abs(2 - expected)) / expected, 12);
    expect(globalIndicator({ ...s, sizeStd: 0, live: 1000 }, { sigma0: 0, eps0: 2, n0: 1000 }, 4, 0.5)).toBe(0);
  });

  it('expected error: k-means at τ_s fixed loses (n0/n)^(2/d) of its squared error as n grows', async () => {
    // Uniform points in the unit square (d = 2), τ_s = 40: n0 = 800 → K = 20, n = 3200 → K = 80.
    // Quantisation theory predicts the mean squared error falls by (800/3200)^(2/2) = 0.25; the
    // paper's printed exponent 1/d would predict 0.5.
    const rng = createRng(11);
    const data = Float32Array.from({ length: 3200 * 2 }, () => rng.nextFloat());
    const engine = new CpuClusterEngine(data, 2, createRng(12));
    const mse = async (n: number) => {
      const ids = Int32Array.from({ length: n }, (_, i) => i);
      const r = await engine.kmeans(ids, n / 40, 20, 0);
      let sum = 0;
      ids.forEach((id, i) => {
        const c = r.assign[i]!;
        sum += (data[id * 2]! - r.centroids[c * 2]!) ** 2 + (data[id * 2 + 1]! - r.centroids[c * 2 + 1]!) ** 2;
      });
      return sum / n;
    };
    const [e0, e1] = [await mse(800), await mse(3200)];
    const predicted = expectedError({ sigma0: 0, eps0: e0, n0: 800 }, 3200, 2);
    expect(predicted / e0).toBeCloseTo(0.25, 12);
    expect(e1 / e0).toBeGreaterThan(0.2);
    expect(e1 / e0).toBeLessThan(0.32);
    expect(Math.abs(e1 - predicted) / predicted).toBeLessThan(0.25);
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
