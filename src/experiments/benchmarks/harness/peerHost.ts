// Where a peer library runs: the browser (it finds navigator.gpu and makes its own device) or Node
// on our own dawn.node device. Both libraries were written for the browser; in Node three things
// have to be supplied around their calls, each only for as long as peer calls last:
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
// navigator and the libraries' own state are process-wide, so peer calls may overlap only on one
// device: the first call in installs the stand-ins, the last one out removes them, and a call for
// another device meanwhile is refused (PeersBusyError) rather than pulling them from under it.
import type { Gpu } from '../../../gpu/gpu';

export type PeerHost = { kind: 'browser' } | { kind: 'node'; gpu: Gpu };

/** A peer call for one device while peer calls on another are still running in this process. */
export class PeersBusyError extends Error {
  override name = 'PeersBusyError';
}

interface Owner {
  gpu: Gpu;
  /** Peer calls in progress on `gpu` (they may overlap). */
  calls: number;
  /** Removes the stand-ins, leaving navigator and the queue exactly as they were. */
  remove: () => void;
}

let owner: Owner | undefined;

/** Throws PeersBusyError when peer calls on another device are in progress. */
export function assertPeersFree(gpu: Gpu): void {
  if (owner && owner.gpu !== gpu) {
    throw new PeersBusyError(
      `peers are already running on another device (${owner.gpu.info.description || 'unnamed adapter'}); ` +
        'run one benchmark at a time in a process',
    );
  }
}

/**
 * Runs `f` (peer library calls on `gpu`) with navigator.gpu and the unshared-write copy in place,
 * and with the event loop ticking when `ticking` (ORT compiling). Removed when the last
 * overlapping call on this device ends, whether it returned or threw.
 */
export async function withPeerShims<T>(gpu: Gpu, f: () => Promise<T>, opts: { ticking?: boolean } = {}): Promise<T> {
  assertPeersFree(gpu);
  const o = (owner ??= { gpu, calls: 0, remove: install(gpu) });
  o.calls++;
  try {
    return await (opts.ticking ? withEventLoopTicking(f) : f());
  } finally {
    if (--o.calls === 0) {
      owner = undefined;
      o.remove();
    }
  }
}

/** Installs both stand-ins for `gpu`; returns their removal. */
function install(gpu: Gpu): () => void {
  const removeGpu = installNavigatorGpu(gpu);
  let removeWrites: () => void;
  try {
    removeWrites = installUnsharedWrites(gpu.device.queue);
  } catch (e) {
    removeGpu();
    throw e;
  }
  return () => {
    removeWrites();
    removeGpu();
  };
}

/** A GPU entry point for navigator.gpu whose only adapter is the one our device came from. */
function gpuEntry(gpu: Gpu): Pick<GPU, 'requestAdapter' | 'getPreferredCanvasFormat'> {
  return {
    requestAdapter: () => Promise.resolve(gpu.adapter),
    getPreferredCanvasFormat: () => 'rgba8unorm',
  };
}

/**
 * Sets globalThis.navigator.gpu to our adapter's entry point; the removal puts navigator back
 * exactly as it was (absent in Node 20; Node 21+ has a navigator without gpu). A navigator.gpu
 * that is already there is left alone.
 */
function installNavigatorGpu(gpu: Gpu): () => void {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  const own = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  const nav = g.navigator;
  if (nav?.gpu) return () => {};
  if (nav) {
    Object.defineProperty(nav, 'gpu', { value: gpuEntry(gpu), configurable: true });
    return () => {
      delete nav.gpu;
    };
  }
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: gpuEntry(gpu) }, configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(globalThis, 'navigator', own);
    else delete g.navigator;
  };
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
 * Makes `queue.writeBuffer` copy views of SharedArrayBuffers first (see the top of this file);
 * other writes pass through unchanged. The removal deletes the queue's own property again, so the
 * prototype's method shows through. A queue whose writeBuffer is already its own is left alone.
 */
function installUnsharedWrites(queue: GPUQueue): () => void {
  const q = queue as GPUQueue & { writeBuffer: WriteBuffer };
  if (Object.hasOwn(q, 'writeBuffer')) return () => {};
  const original = q.writeBuffer;
  const wrapped = function (this: GPUQueue, buffer, bufferOffset, data, dataOffset, size) {
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const copy = unshared(data, dataOffset ?? 0, size);
      return original.call(this, buffer, bufferOffset, copy, 0, copy.byteLength);
    }
    return original.call(this, buffer, bufferOffset, data as GPUAllowSharedBufferSource, dataOffset, size);
  } as WriteBuffer;
  Object.defineProperty(q, 'writeBuffer', { value: wrapped, configurable: true, writable: true });
  return () => {
    delete (q as { writeBuffer?: WriteBuffer }).writeBuffer;
  };
}

/** Runs `f` with a 1 ms interval keeping Node's event loop awake (see the top of this file). */
async function withEventLoopTicking<T>(f: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => {}, 1);
  try {
    return await f();
  } finally {
    clearInterval(timer);
  }
}
