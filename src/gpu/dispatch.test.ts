// Dispatch sizing: grids stay within the per-dimension limit, cover every workgroup, and refuse
// work that even a full 2-D grid cannot hold, naming the limit.
import { describe, expect, it } from 'vitest';
import { DeviceLimitError } from './errors';
import { flatDispatch, workgroupGrid } from './dispatch';

describe('workgroupGrid', () => {
  it('is 1-D up to the limit and 2-D past it, covering every workgroup with less than one row spare', () => {
    expect(workgroupGrid(1)).toEqual([1, 1]);
    expect(workgroupGrid(0)).toEqual([1, 1]); // zero work still dispatches one (idle) workgroup
    expect(workgroupGrid(65535)).toEqual([65535, 1]);
    expect(workgroupGrid(65536)).toEqual([65535, 2]);
    for (const n of [70_000, 131_070, 1_000_003]) {
      const [x, y] = workgroupGrid(n);
      expect(x).toBeLessThanOrEqual(65535);
      expect(x * y).toBeGreaterThanOrEqual(n);
      expect(x * (y - 1)).toBeLessThan(n);
    }
    expect(workgroupGrid(10, 4)).toEqual([4, 3]);
  });
  it('refuses more than limit² workgroups with a DeviceLimitError naming the limit', () => {
    expect(() => workgroupGrid(17, 4, 'test work')).toThrow(DeviceLimitError);
    expect(() => workgroupGrid(17, 4, 'test work')).toThrow(/maxComputeWorkgroupsPerDimension/);
    expect(workgroupGrid(16, 4)).toEqual([4, 4]);
  });
  it('flatDispatch sizes workgroups of a given width', () => {
    expect(flatDispatch(64)).toEqual([1, 1]);
    expect(flatDispatch(65)).toEqual([2, 1]);
    expect(flatDispatch(256, 256)).toEqual([1, 1]);
    expect(flatDispatch(64 * 65536)).toEqual([65535, 2]);
  });
});
