// The live modeled view: experiments with a `model` recompute it synchronously on every change,
// calibrated by the measurements of their last full run when there is one. A full run in
// progress is left alone; its result replaces the view when it finishes.
import { modelExperiment } from '../experiments/runner';
import type { WorkbenchActions, WorkbenchDeps, WorkbenchState } from './types';

type Set = (partial: Partial<WorkbenchState>) => void;
type Get = () => WorkbenchState;

export const UNCALIBRATED_DEVICE = 'no WebGPU device used (modeled only)';

export function createModelActions(set: Set, get: Get, deps: WorkbenchDeps): Pick<WorkbenchActions, 'refreshModel'> {
  return {
    refreshModel() {
      const s = get();
      const exp = deps.experiments.find((e) => e.id === s.experimentId);
      if (!exp?.model || s.run.status === 'running') return;
      const stored = s.calibrations[exp.id];
      try {
        const result = modelExperiment(exp, s.values, stored?.calibration);
        if (!result) return;
        set({
          run: {
            status: 'done',
            progress: 1,
            message: stored ? 'Modeled (calibrated by your last run)' : 'Modeled',
            outcome: {
              kind: 'model',
              experimentId: exp.id,
              values: s.values,
              seed: s.seed,
              device: stored ? `modeled; calibrated on ${stored.device}` : UNCALIBRATED_DEVICE,
              result,
              finishedAt: new Date().toISOString(),
              calibratedBy: stored?.device,
            },
          },
        });
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        set({
          run: { ...get().run, status: 'error', message: 'Failed', error: { name: err.name, message: err.message } },
        });
      }
    },
  };
}
