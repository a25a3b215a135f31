// Connecting to WebGPU lazily (first GPU run or the "Connect GPU" button), reacting to device
// loss, and reconnecting. Concurrent callers share one pending connection.
import { WebGpuUnavailableError } from '../gpu/errors';
import type { Gpu } from '../gpu/gpu';
import type { WorkbenchActions, WorkbenchDeps, WorkbenchState } from './types';

type Set = (partial: Partial<WorkbenchState>) => void;
type Get = () => WorkbenchState;

export function createDeviceActions(
  set: Set,
  get: Get,
  deps: WorkbenchDeps,
): Pick<WorkbenchActions, 'connectGpu' | 'reconnectGpu'> {
  let pending: Promise<Gpu | undefined> | null = null;
  let unsubscribeLost: (() => void) | null = null;

  async function connect(): Promise<Gpu | undefined> {
    set({ device: { status: 'connecting' } });
    try {
      const gpu = await deps.createGpu();
      unsubscribeLost = gpu.onLost((reason, message) => {
        if (get().device.gpu !== gpu) return;
        set({ device: { status: 'lost', gpu, info: gpu.info, message: `${reason}${message ? `: ${message}` : ''}` } });
      });
      set({ device: { status: 'connected', gpu, info: gpu.info } });
      return gpu;
    } catch (e) {
      const reason = e instanceof WebGpuUnavailableError ? e.reason : 'error';
      set({ device: { status: 'unavailable', reason, message: (e as Error)?.message ?? String(e) } });
      return undefined;
    }
  }

  const connectGpu = (): Promise<Gpu | undefined> => {
    const { device } = get();
    if (device.status === 'connected' && device.gpu && !device.gpu.isLost) return Promise.resolve(device.gpu);
    if (device.status === 'unavailable' && device.reason === 'no-navigator-gpu') return Promise.resolve(undefined);
    if (!pending)
      pending = connect().finally(() => {
        pending = null;
      });
    return pending;
  };

  const reconnectGpu = async (): Promise<void> => {
    const old = get().device.gpu;
    unsubscribeLost?.();
    unsubscribeLost = null;
    try {
      old?.destroy();
    } catch {
      // A lost device may refuse to be destroyed again; the new one does not depend on it.
    }
    set({ device: { status: 'idle' } });
    await connectGpu();
  };

  return { connectGpu, reconnectGpu };
}
