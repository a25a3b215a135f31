import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebGpuUnavailableError } from '../gpu/errors';
import type { Gpu } from '../gpu/gpu';
import type { GpuInfo } from '../gpu/types';
import { startAutoRun } from './autoRun';
import { createWorkbenchStore } from './store';
import { calibratedFake, modeledFake, slowGpuFake } from './testExperiments';

const info: GpuInfo = {
  host: 'browser',
  vendor: 'google',
  architecture: 'swiftshader',
  device: '',
  description: 'SwiftShader',
  isFallbackAdapter: true,
  features: [],
  adapterFeatures: [],
  limits: {},
  adapterLimits: {},
};

/** Just enough of Gpu for the store: info, loss notification, destroy. */
function fakeGpu() {
  const listeners = new Set<(r: string, m: string) => void>();
  const gpu = {
    info,
    isCpuEmulation: true,
    isLost: false,
    destroyed: false,
    onLost(l: (r: string, m: string) => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    destroy() {
      gpu.destroyed = true;
    },
    lose() {
      gpu.isLost = true;
      for (const l of listeners) l('unknown', 'test loss');
    },
  };
  return gpu;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('workbench store', () => {
  afterEach(() => vi.useRealTimers());

  it('runs a modeled experiment and records what produced the result', async () => {
    const store = createWorkbenchStore({
      experiments: [modeledFake],
      hasNavigatorGpu: () => false,
      createGpu: () => Promise.reject(new Error('no')),
    });
    store.getState().setParam('layers', 3);
    await store.getState().startRun();
    const { run } = store.getState();
    expect(run.status).toBe('done');
    expect(run.outcome?.values.layers).toBe(3);
    expect(run.outcome?.device).toBe('no WebGPU');
    expect(run.outcome?.result.tables[0]!.rows[0]![0]).toBe(10 * 3 + 42);
  });

  it('ignores unknown params and unknown presets; applies and steps presets', () => {
    const store = createWorkbenchStore({
      experiments: [modeledFake],
      hasNavigatorGpu: () => false,
      createGpu: () => Promise.reject(new Error('no')),
    });
    const s = store.getState();
    s.setParam('nope', 1);
    expect(store.getState().values).not.toHaveProperty('nope');
    s.applyPreset('missing');
    expect(store.getState().values.layers).toBe(12);
    s.stepPreset(1);
    expect(store.getState().values.layers).toBe(4);
    s.stepPreset(1);
    expect(store.getState().values).toMatchObject({ layers: 96, model: 'b' });
    s.stepPreset(1);
    expect(store.getState().values.layers).toBe(4);
    s.stepPreset(-1);
    expect(store.getState().values.layers).toBe(96);
  });

  it('connects lazily for a GPU run, and cancel reports Cancelled', async () => {
    const exp = slowGpuFake();
    const gpu = fakeGpu();
    const createGpu = vi.fn(async () => gpu as unknown as Gpu);
    const store = createWorkbenchStore({ experiments: [exp], hasNavigatorGpu: () => true, createGpu });
    expect(store.getState().device.status).toBe('idle');
    const done = store.getState().startRun();
    await tick();
    expect(createGpu).toHaveBeenCalledTimes(1);
    expect(store.getState().device.status).toBe('connected');
    expect(store.getState().run.status).toBe('running');
    store.getState().cancelRun();
    await done;
    expect(store.getState().run).toMatchObject({ status: 'cancelled', message: 'Cancelled' });
    expect(store.getState().run.error).toBeUndefined();
    // A second run reuses the connection and can finish.
    const again = store.getState().startRun();
    await tick();
    exp.release();
    await again;
    expect(createGpu).toHaveBeenCalledTimes(1);
    expect(store.getState().run.outcome?.result.metrics[0]!.value).toBe(1);
    expect(store.getState().run.outcome?.device).toBe('SwiftShader (google/swiftshader) (CPU emulation)');
  });

  it('shows device loss and reconnects with a new Gpu', async () => {
    const first = fakeGpu();
    const second = fakeGpu();
    const createGpu = vi.fn().mockResolvedValueOnce(first).mockResolvedValueOnce(second);
    const store = createWorkbenchStore({ experiments: [modeledFake], hasNavigatorGpu: () => true, createGpu });
    await store.getState().connectGpu();
    first.lose();
    expect(store.getState().device.status).toBe('lost');
    expect(store.getState().device.message).toMatch(/test loss/);
    await store.getState().reconnectGpu();
    expect(first.destroyed).toBe(true);
    expect(store.getState().device).toMatchObject({ status: 'connected', gpu: second });
  });

  it('reports an unavailable adapter and an error for a GPU-only run', async () => {
    const exp = slowGpuFake();
    const createGpu = () => Promise.reject(new WebGpuUnavailableError('no-adapter', 'no adapter returned'));
    const store = createWorkbenchStore({ experiments: [exp], hasNavigatorGpu: () => true, createGpu });
    await store.getState().startRun();
    expect(store.getState().device).toMatchObject({ status: 'unavailable', reason: 'no-adapter' });
    expect(store.getState().run.status).toBe('error');
    expect(store.getState().run.error?.message).toMatch(/needs WebGPU/);
  });

  it('reports parameter errors from the runner without throwing', async () => {
    const store = createWorkbenchStore({
      experiments: [modeledFake],
      hasNavigatorGpu: () => false,
      createGpu: () => Promise.reject(new Error('no')),
    });
    store.getState().setParam('layers', 1000);
    await store.getState().startRun();
    expect(store.getState().run.status).toBe('error');
    expect(store.getState().run.error).toMatchObject({ name: 'UserInputError' });
  });

  it('drops a superseded run when the experiment changes', async () => {
    const exp = slowGpuFake();
    const store = createWorkbenchStore({
      experiments: [exp, modeledFake],
      hasNavigatorGpu: () => true,
      createGpu: async () => fakeGpu() as unknown as Gpu,
    });
    const pending = store.getState().startRun();
    await tick();
    store.getState().selectExperiment('fake-modeled');
    await pending;
    expect(store.getState().run.status).toBe('idle');
    expect(store.getState().values).toEqual({ intensity: 10, layers: 12, model: 'a', fused: false });
  });

  it('auto-runs modeled experiments once per burst of changes', async () => {
    vi.useFakeTimers();
    const run = vi.spyOn(modeledFake, 'run');
    const store = createWorkbenchStore({
      experiments: [modeledFake],
      hasNavigatorGpu: () => false,
      createGpu: () => Promise.reject(new Error('no')),
    });
    const stop = startAutoRun(store, [modeledFake], 50);
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(1);
    for (const layers of [2, 3, 4, 5]) store.getState().setParam('layers', layers);
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(2);
    expect(store.getState().run.outcome?.values.layers).toBe(5);
    stop();
    store.getState().setParam('layers', 6);
    await vi.advanceTimersByTimeAsync(60);
    expect(run).toHaveBeenCalledTimes(2);
    run.mockRestore();
  });

  it('keeps a live model view, calibrated by the last full run', async () => {
    vi.useFakeTimers();
    const store = createWorkbenchStore({
      experiments: [calibratedFake],
      hasNavigatorGpu: () => true,
      createGpu: async () => fakeGpu() as unknown as Gpu,
    });
    const stop = startAutoRun(store, [calibratedFake], 50);
    await vi.advanceTimersByTimeAsync(60);
    const time = () => store.getState().run.outcome?.result.metrics[0]!.value;
    expect(store.getState().run.outcome).toMatchObject({
      kind: 'model',
      device: 'no WebGPU device used (modeled only)',
    });
    expect(time()).toBe(2);
    await store.getState().startRun();
    expect(store.getState().run.outcome?.kind).toBe('run');
    expect(time()).toBe(0.5);
    store.getState().setParam('n', 8);
    await vi.advanceTimersByTimeAsync(60);
    expect(store.getState().run.outcome).toMatchObject({
      kind: 'model',
      calibratedBy: 'SwiftShader (google/swiftshader) (CPU emulation)',
    });
    expect(time()).toBe(2); // 8 / measured speed 4
    stop();
  });

  it('reports a model that rejects its params as an error, not a crash', () => {
    const store = createWorkbenchStore({
      experiments: [calibratedFake],
      hasNavigatorGpu: () => false,
      createGpu: () => Promise.reject(new Error('no')),
    });
    store.getState().setParam('n', 99);
    store.getState().refreshModel();
    expect(store.getState().run).toMatchObject({ status: 'error', error: { name: 'UserInputError' } });
  });

  it('keeps the last run beside the live model after a slider move, and drops it on switching', async () => {
    vi.useFakeTimers();
    const store = createWorkbenchStore({
      experiments: [calibratedFake, modeledFake],
      hasNavigatorGpu: () => true,
      createGpu: async () => fakeGpu() as unknown as Gpu,
    });
    const stop = startAutoRun(store, [calibratedFake, modeledFake], 50);
    await store.getState().startRun();
    const run = store.getState().run.outcome;
    expect(store.getState().measured).toBe(run);
    store.getState().setParam('n', 8);
    await vi.advanceTimersByTimeAsync(60);
    expect(store.getState().run.outcome?.kind).toBe('model');
    expect(store.getState().measured).toBe(run);
    expect(store.getState().measured?.values.n).toBe(2);
    store.getState().selectExperiment('fake-modeled');
    expect(store.getState().measured).toBeUndefined();
    // A GPU-free experiment's run is its live view, not a measurement to keep.
    await store.getState().startRun();
    expect(store.getState().measured).toBeUndefined();
    store.getState().showGallery();
    expect(store.getState().experimentId).toBe('');
    stop();
  });
});
