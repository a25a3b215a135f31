// Running, cancelling and superseding experiment runs. Each run gets an id; results of a run that
// was cancelled or replaced by a newer one are dropped, so a slow run can never overwrite a newer
// view. Cancel reports "Cancelled" at once rather than waiting for the engine to notice.
import { isAbortError, runExperiment } from '../experiments/runner';
import type { Gpu } from '../gpu/gpu';
import { describeDevice } from '../experiments/csv';
import { UNCALIBRATED_DEVICE } from './modelActions';
import type { RunOutcome, RunState, WorkbenchActions, WorkbenchDeps, WorkbenchState } from './types';

type Set = (partial: Partial<WorkbenchState>) => void;
type Get = () => WorkbenchState;

export interface RunControl extends Pick<WorkbenchActions, 'startRun' | 'cancelRun'> {
  /** Drops the current run without reporting it (used when switching experiments). */
  abandon(): void;
}

export function createRunActions(set: Set, get: Get, deps: WorkbenchDeps): RunControl {
  let runId = 0;
  let controller: AbortController | null = null;
  const setRun = (patch: Partial<RunState>): void => set({ run: { ...get().run, ...patch } });

  const abandon = (): void => {
    runId++;
    controller?.abort();
    controller = null;
  };

  const startRun = async (): Promise<void> => {
    const state = get();
    const exp = deps.experiments.find((e) => e.id === state.experimentId);
    if (!exp) return;
    abandon();
    const id = runId;
    const ctl = new AbortController();
    controller = ctl;
    const { values, seed, files } = state;
    // Keep the previous results visible while the next ones compute: no flicker as sliders move.
    setRun({ status: 'running', progress: 0, message: 'Starting…', error: undefined });

    let gpu: Gpu | undefined;
    if (exp.gpu !== 'none') {
      if (get().device.status !== 'connected') setRun({ message: 'Connecting to WebGPU…' });
      gpu = await get().connectGpu();
      if (id !== runId) return;
    }
    try {
      const result = await runExperiment(exp, values, {
        gpu,
        files,
        seed,
        signal: ctl.signal,
        onProgress: (fraction, message) => {
          if (id === runId) setRun({ progress: fraction, message: message ?? get().run.message });
        },
      });
      if (id !== runId) return;
      const device = gpu
        ? describeDevice(gpu.info)
        : get().device.status === 'unavailable'
          ? 'no WebGPU'
          : UNCALIBRATED_DEVICE;
      const outcome: RunOutcome = {
        kind: 'run',
        experimentId: exp.id,
        values,
        seed,
        device,
        result,
        finishedAt: new Date().toISOString(),
      };
      set({
        run: { status: 'done', progress: 1, message: 'Done', outcome },
        // A GPU-free experiment's run is its live model view; only real runs are kept aside.
        measured: exp.gpu === 'none' ? undefined : outcome,
        ...(result.calibration
          ? { calibrations: { ...get().calibrations, [exp.id]: { calibration: result.calibration, device } } }
          : {}),
      });
    } catch (e) {
      if (id !== runId) return;
      if (ctl.signal.aborted || isAbortError(e)) {
        setRun({ status: 'cancelled', message: 'Cancelled' });
        return;
      }
      const err = e instanceof Error ? e : new Error(String(e));
      setRun({ status: 'error', message: 'Failed', error: { name: err.name, message: err.message } });
    } finally {
      if (controller === ctl) controller = null;
    }
  };

  const cancelRun = (): void => {
    if (get().run.status !== 'running') return;
    abandon();
    setRun({ status: 'cancelled', message: 'Cancelled' });
  };

  return { startRun, cancelRun, abandon };
}
