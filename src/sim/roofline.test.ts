import { describe, expect, it } from 'vitest';
import { attainableGflops, boundBy, logSpace, ridgePoint } from './roofline';
import { GPU_CATALOG, peakTflops } from './hardware';

describe('roofline', () => {
  const roof = { peakGflops: 1000, bandwidthGBs: 100 };
  it('is bandwidth-bound left of the ridge and compute-bound right of it', () => {
    expect(ridgePoint(roof)).toBe(10);
    expect(attainableGflops(roof, 1)).toBe(100);
    expect(attainableGflops(roof, 10)).toBe(1000);
    expect(attainableGflops(roof, 1e4)).toBe(1000);
    expect(boundBy(roof, 9.99)).toBe('memory');
    expect(boundBy(roof, 10)).toBe('compute');
  });
  it('logSpace spans the range inclusively', () => {
    const xs = logSpace(0.01, 100, 5);
    expect(xs.map((x) => Number(x.toPrecision(6)))).toEqual([0.01, 0.1, 1, 10, 100]);
  });
  it('catalog entries are consistent (tensor peak ≥ fp32 peak, positive bandwidth)', () => {
    for (const g of GPU_CATALOG) {
      expect(peakTflops(g, 'fp16-tensor')).toBeGreaterThanOrEqual(peakTflops(g, 'fp32'));
      expect(g.memBandwidthGBs).toBeGreaterThan(0);
    }
  });
});
