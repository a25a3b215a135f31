// The recsys kernel-CLI entries: registered, equal to the references, and clear about bad input.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { ndarray } from '../../data/ndarray';
import { findKernel } from '../registry';
import { embeddingBagReference } from './embeddingBag.reference';
import { embeddingBagBackwardReference } from './embeddingBagBackward.reference';
import { exclusiveScanReference } from './exclusiveScan.reference';
import { expectClose, FORWARD, uniform } from './fixtures';

const ids = Int32Array.of(4, 0, 4, 2, 1, 4);
const offsets = Int32Array.of(0, 2, 2, 5, 6); // an empty bag, a repeated row
const bagInputs = () => ({ ids: ndarray('int32', [6], ids), offsets: ndarray('int32', [5], offsets) });

describe('recsys kernel CLI entries', () => {
  const gpu = useNodeGpu();

  it('embedding-bag: out [bags, d] equals the reference', async () => {
    const table = uniform(2, 5 * 3);
    const out = await findKernel('embedding-bag')!.run(
      gpu(),
      { table: ndarray('float32', [5, 3], table), ...bagInputs() },
      {},
    );
    expect(out.out!.shape).toEqual([4, 3]);
    expectClose('out', out.out!.data, embeddingBagReference(table, 3, ids, offsets), FORWARD);
  });

  it('embedding-bag-backward: distinct rows ascending and their gradients', async () => {
    const dOut = uniform(3, 4 * 2);
    const out = await findKernel('embedding-bag-backward')!.run(
      gpu(),
      { dOut: ndarray('float32', [4, 2], dOut), ...bagInputs() },
      {},
    );
    const want = embeddingBagBackwardReference(dOut, 2, ids, offsets);
    expect(Array.from(out.rows!.data)).toEqual(want.rows);
    expect(out.grad!.shape).toEqual([4, 2]);
    expectClose('grad', out.grad!.data, want.grad, FORWARD);
  });

  it('exclusive-scan: n + 1 outputs ending in the total', async () => {
    const values = Int32Array.from({ length: 300 }, (_, i) => (i * 7) % 3);
    const out = await findKernel('exclusive-scan')!.run(gpu(), { values: ndarray('int32', [300], values) }, {});
    expect(Array.from(out.out!.data)).toEqual(Array.from(exclusiveScanReference(values)));
  });

  it('bad input names the problem', async () => {
    const table = ndarray('float32', [5, 3], uniform(2, 15));
    const bag = findKernel('embedding-bag')!;
    await expect(
      bag.run(
        gpu(),
        { table, ids: ndarray('int32', [2], Int32Array.of(0, 5)), offsets: ndarray('int32', [2], Int32Array.of(0, 2)) },
        {},
      ),
    ).rejects.toThrow('id 5 at position 1 is outside [0, 5)');
    await expect(
      bag.run(gpu(), { table, ids: ndarray('float32', [1]), offsets: ndarray('int32', [2]) }, {}),
    ).rejects.toThrow('ids is float32, expected int32');
    await expect(
      findKernel('embedding-bag-backward')!.run(gpu(), { dOut: ndarray('float32', [3, 2]), ...bagInputs() }, {}),
    ).rejects.toThrow('dOut has 3 rows but offsets describes 4 bags');
    await expect(
      findKernel('exclusive-scan')!.run(gpu(), { values: ndarray('int32', [2], Int32Array.of(1, -1)) }, {}),
    ).rejects.toThrow('values[1] = -1 is negative');
  });
});
