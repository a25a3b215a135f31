// The Node stand-ins of peerHost.ts without a GPU: a fake device whose queue records its writes.
// They must be gone after a peer call, also one that throws; overlapping calls on one device share
// them until the last ends; a call for another device meanwhile is refused, not allowed to pull
// them from under the first.
import { afterEach, describe, expect, it } from 'vitest';
import { PeersBusyError, withPeerShims } from './peerHost';
import type { Gpu } from '../../../gpu/gpu';

/** writeBuffer on the prototype, as dawn.node has it, so an own property is the shim. */
class FakeQueue {
  readonly writes: { shared: boolean; bytes: number[] }[] = [];
  writeBuffer(_buffer: unknown, _offset: number, data: ArrayBufferView, dataOffset = 0, size?: number): void {
    const per = (data as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
    const count = size ?? data.byteLength / per - dataOffset;
    const bytes = new Uint8Array(data.buffer, data.byteOffset + dataOffset * per, count * per);
    this.writes.push({ shared: data.buffer instanceof SharedArrayBuffer, bytes: [...bytes] });
  }
}

function fakeGpu(description: string): Gpu & { device: { queue: FakeQueue } } {
  const adapter = { info: { description } };
  return {
    adapter,
    device: { queue: new FakeQueue() },
    info: { description },
  } as unknown as Gpu & { device: { queue: FakeQueue } };
}

const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
const navGpu = () => (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<unknown> } } }).navigator?.gpu;

function expectRemoved(gpu: Gpu & { device: { queue: FakeQueue } }): void {
  expect(Object.getOwnPropertyDescriptor(globalThis, 'navigator')).toEqual(navigatorBefore);
  expect(navGpu()).toBeUndefined();
  expect(Object.hasOwn(gpu.device.queue, 'writeBuffer')).toBe(false);
}

afterEach(() => {
  // A failing test must not leave a stand-in for the next one.
  if (navigatorBefore) Object.defineProperty(globalThis, 'navigator', navigatorBefore);
  else delete (globalThis as { navigator?: unknown }).navigator;
});

describe('peer stand-ins in Node', () => {
  it('are in place during the call, hand out our adapter, and copy shared-memory writes', async () => {
    const gpu = fakeGpu('fake A');
    const shared = new Float32Array(new SharedArrayBuffer(16));
    shared.set([1, 2, 3, 4]);
    await withPeerShims(gpu, async () => {
      expect(await navGpu()!.requestAdapter()).toBe(gpu.adapter);
      const q = gpu.device.queue as unknown as GPUQueue;
      q.writeBuffer({} as GPUBuffer, 0, shared, 1, 2);
      q.writeBuffer({} as GPUBuffer, 0, new Uint8Array([7, 8]));
    });
    // The shared view arrived as an unshared copy of elements 1..2; the plain one unchanged.
    expect(gpu.device.queue.writes).toEqual([
      { shared: false, bytes: [...new Uint8Array(new Float32Array([2, 3]).buffer)] },
      { shared: false, bytes: [7, 8] },
    ]);
    expectRemoved(gpu);
  });

  it('are removed after a call that throws', async () => {
    const gpu = fakeGpu('fake A');
    await expect(
      withPeerShims(
        gpu,
        async () => {
          expect(navGpu()).toBeDefined();
          throw new Error('session creation failed');
        },
        { ticking: true },
      ),
    ).rejects.toThrow('session creation failed');
    expectRemoved(gpu);
  });

  it('stay until the last overlapping call on the same device ends', async () => {
    const gpu = fakeGpu('fake A');
    let releaseFirst!: () => void;
    const first = withPeerShims(gpu, () => new Promise<void>((r) => (releaseFirst = r)));
    await withPeerShims(gpu, async () => {
      throw new Error('second call failed');
    }).catch(() => {});
    expect(navGpu()).toBeDefined(); // the first call is still running
    expect(Object.hasOwn(gpu.device.queue, 'writeBuffer')).toBe(true);
    releaseFirst();
    await first;
    expectRemoved(gpu);
  });

  it('refuse a call for another device while one is running, and leave the first its stand-ins', async () => {
    const a = fakeGpu('fake A');
    const b = fakeGpu('fake B');
    let releaseFirst!: () => void;
    const first = withPeerShims(a, () => new Promise<void>((r) => (releaseFirst = r)));
    const second = withPeerShims(b, async () => 'ran');
    await expect(second).rejects.toThrow(PeersBusyError);
    await expect(second).rejects.toThrow(/^peers are already running on another device \(fake A\)/);
    expect(Object.hasOwn(b.device.queue, 'writeBuffer')).toBe(false);
    expect(await navGpu()!.requestAdapter()).toBe(a.adapter);
    releaseFirst();
    await first;
    expectRemoved(a);
    // Once the first has ended, the other device may run.
    expect(await withPeerShims(b, async () => 'ran')).toBe('ran');
    expectRemoved(b);
  });
});
