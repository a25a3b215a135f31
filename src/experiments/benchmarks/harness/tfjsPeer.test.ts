// When tfjs's WebGPU backend cannot be built on the Node device, the peer's row must carry the
// constructor's own error (tf.setBackend would swallow it into "returned false"). No GPU needed: a
// fake device without `features` makes the real WebGPUBackend constructor throw.
import { describe, expect, it } from 'vitest';
import { createPeers } from '../peers';
import type { Gpu } from '../../../gpu/gpu';

class FakeQueue {
  writeBuffer(): void {}
}

describe('tfjs peer in Node', () => {
  it('reports why its backend could not be built, and leaves no stand-in behind', async () => {
    const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    const queue = new FakeQueue();
    const gpu = {
      adapter: { info: {} },
      device: { queue, lost: new Promise(() => {}) },
      info: { host: 'node', description: 'fake device' },
    } as unknown as Gpu;
    const loaded = await createPeers({ ort: false, tfjs: true, gpu }).tfjs.load();
    expect(loaded.ok).toBe(false);
    const status = (loaded as { status: string }).status;
    expect(status).toMatch(/^peer unavailable: could not load tfjs WebGPU: /);
    expect(status).not.toContain('returned false');
    // The constructor's TypeError (it reads device.features), not setBackend's "returned false".
    expect(status).toMatch(/: Cannot read properties of undefined/);
    expect(Object.getOwnPropertyDescriptor(globalThis, 'navigator')).toEqual(navigatorBefore);
    expect(Object.hasOwn(queue, 'writeBuffer')).toBe(false);
  });
});
