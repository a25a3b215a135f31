// The multi-level exclusive scan against the definition, on lengths around the 256-wide block and
// past two levels (65 536 values), with values that are mostly 0/1 masks and some larger counts.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { exclusiveScan, planExclusiveScan } from './exclusiveScan';
import { exclusiveScanReference } from './exclusiveScan.reference';

describe('exclusiveScan (GPU) vs the definition', () => {
  const gpu = useNodeGpu();
  for (const n of [1, 2, 255, 256, 257, 511, 10_007, 65_536, 70_001]) {
    it(`n = ${n}`, async () => {
      const rng = createRng(n);
      const values = Uint32Array.from({ length: n }, (_, i) => (i % 97 === 5 ? rng.int(1000) : rng.int(2)));
      const got = await exclusiveScan(gpu(), values);
      expect(Array.from(got)).toEqual(Array.from(exclusiveScanReference(values)));
    });
  }

  it('all ones: out[i] = i', async () => {
    const got = await exclusiveScan(gpu(), new Uint32Array(1000).fill(1));
    expect(Array.from(got)).toEqual(Array.from({ length: 1001 }, (_, i) => i));
  });

  it('rejects a length of 0 or buffers too small', async () => {
    const g = gpu();
    const input = g.createBuffer(16, 'scanTest.in');
    const output = g.createBuffer(16, 'scanTest.out');
    try {
      await expect(planExclusiveScan(g, { input, output }, 0)).rejects.toThrow(UserInputError);
      await expect(planExclusiveScan(g, { input, output }, 4)).rejects.toThrow('and output 20');
    } finally {
      input.destroy();
      output.destroy();
    }
  });
});
