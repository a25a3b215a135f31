// Where a peer library runs: the browser (it finds navigator.gpu and makes its own device) or Node
// on our own dawn.node device. Both libraries were written for the browser; in Node three things
// have to be supplied around their calls, each only for as long as a peer call lasts:
//   - navigator.gpu: tfjs's WebGPUBackend constructor and ORT's WebGPU init refuse to start
//     without it (they check it, then use the device we hand them);
//   - queue.writeBuffer from a SharedArrayBuffer: ORT's WebAssembly memory is shared (its only
//     WebGPU build is the threaded one), and dawn.node 0.6 rejects a view of shared memory
//     ("Invalid argument", or a segmentation fault for a plain Uint8Array over one), so such
//     writes are copied to an ordinary buffer first (the browser copies them through IPC anyway);
//   - a ticking event loop while ORT compiles: its awaits of createComputePipelineAsync from inside
//     WebAssembly (Asyncify) resolve only when something else wakes Node's event loop (about two
//     minutes on SwiftShader otherwise), so a 1 ms interval runs during session creation and the
//     first run; never during the timed repetitions.
import type { Gpu } from '../../../gpu/gpu';

export type PeerHost = { kind: 'browser' } | { kind: 'node'; gpu: Gpu };

/** A GPU entry point for navigator.gpu whose only adapter is the one our device came from. */
function gpuEntry(gpu: Gpu): Pick<GPU, 'requestAdapter' | 'getPreferredCanvasFormat'> {
  return {
    requestAdapter: () => Promise.resolve(gpu.adapter),
    getPreferredCanvasFormat: () => 'rgba8unorm',
  };
}

/**
 * Runs `f` with globalThis.navigator.gpu set to our adapter's entry point, then puts navigator
 * back exactly as it was (absent in Node 20; Node 21+ has a navigator without gpu).
 */
export async function withNavigatorGpu<T>(gpu: Gpu, f: () => Promise<T> | T): Promise<T> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  const own = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  const nav = g.navigator;
  if (nav?.gpu) return await f();
  if (nav) {
    Object.defineProperty(nav, 'gpu', { value: gpuEntry(gpu), configurable: true });
    try {
      return await f();
    } finally {
      delete nav.gpu;
    }
  }
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: gpuEntry(gpu) }, configurable: true, writable: true });
  try {
    return await f();
  } finally {
    if (own) Object.defineProperty(globalThis, 'navigator', own);
    else delete g.navigator;
  }
}

type WriteBuffer = GPUQueue['writeBuffer'];

/** A copy of `size` elements of `data` from element `offset`, in memory that is not shared. */
function unshared(data: ArrayBufferView, offset: number, size: number | undefined): Uint8Array<ArrayBuffer> {
  const per = (data as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
  const count = size ?? data.byteLength / per - offset;
  const bytes = new Uint8Array(count * per);
  bytes.set(new Uint8Array(data.buffer, data.byteOffset + offset * per, count * per));
  return bytes;
}

/**
 * Runs `f` with `device.queue.writeBuffer` copying views of SharedArrayBuffers first (see the top
 * of this file); other writes pass through unchanged. Removed afterwards.
 */
export async function withUnsharedWrites<T>(device: GPUDevice, f: () => Promise<T>): Promise<T> {
  const queue = device.queue as GPUQueue & { writeBuffer: WriteBuffer };
  if (Object.hasOwn(queue, 'writeBuffer')) return f(); // already wrapped by an outer call
  const original = queue.writeBuffer;
  const wrapped = function (this: GPUQueue, buffer, bufferOffset, data, dataOffset, size) {
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const copy = unshared(data, dataOffset ?? 0, size);
      return original.call(this, buffer, bufferOffset, copy, 0, copy.byteLength);
    }
    return original.call(this, buffer, bufferOffset, data as GPUAllowSharedBufferSource, dataOffset, size);
  } as WriteBuffer;
  Object.defineProperty(queue, 'writeBuffer', { value: wrapped, configurable: true, writable: true });
  try {
    return await f();
  } finally {
    delete (queue as { writeBuffer?: WriteBuffer }).writeBuffer;
  }
}

/** Runs `f` with a 1 ms interval keeping Node's event loop awake (see the top of this file). */
export async function withEventLoopTicking<T>(f: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 1);
  try {
    return await f();
  } finally {
    clearInterval(timer);
  }
}
