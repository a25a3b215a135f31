import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { gatherRows } from './gatherRows';
import { gatherRowsReference } from './gatherRows.reference';

describe('GPU row gather', () => {
  const gpu = useNodeGpu();
  it('copies the named rows in the given order (repeats allowed), d not a multiple of 4', async () => {
    const d = 3;
    const x = Float32Array.from({ length: 7 * d }, (_, i) => i);
    const xBuf = gpu().upload(x, 'x');
    const ids = Int32Array.from([6, 0, 3, 3]);
    const out = await gatherRows(gpu(), xBuf, 7, d, ids);
    const got = await gpu().readF32(out, ids.length * d);
    out.destroy();
    xBuf.destroy();
    expect(Array.from(got)).toEqual([18, 19, 20, 0, 1, 2, 9, 10, 11, 9, 10, 11]);
  });
  it('matches the reference past one workgroup (250 rows × d = 5: 20 workgroups)', async () => {
    const d = 5;
    const rng = createRng(9);
    const x = Float32Array.from({ length: 40 * d }, () => rng.uniform(-1, 1));
    const ids = Int32Array.from({ length: 250 }, () => rng.int(40));
    const xBuf = gpu().upload(x, 'x');
    const out = await gatherRows(gpu(), xBuf, 40, d, ids);
    const got = await gpu().readF32(out, ids.length * d);
    out.destroy();
    xBuf.destroy();
    expect(Array.from(got)).toEqual(Array.from(gatherRowsReference(x, d, ids)));
  });
  it('refuses ids outside the vector set', async () => {
    const xBuf = gpu().upload(new Float32Array(4), 'x');
    await expect(gatherRows(gpu(), xBuf, 2, 2, Int32Array.from([2]))).rejects.toThrow(
      /id 2 at position 0 is outside \[0, 2\)/,
    );
    xBuf.destroy();
  });
});
