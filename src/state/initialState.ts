// The store's starting data, separate from the actions so tests and the URL loader can reason
// about it on its own.
import { defaultValues } from '../core/params';
import { findExperimentIn } from '../experiments/lookup';
import { DEFAULT_SEED } from '../experiments/runner';
import type { WorkbenchData, WorkbenchDeps } from './types';

export function initialData(deps: WorkbenchDeps): WorkbenchData {
  const wanted = deps.initial?.experimentId;
  // An explicit '' asks for the gallery; no wish at all opens the first experiment (tests, CLI).
  const exp =
    wanted === ''
      ? undefined
      : ((wanted === undefined ? undefined : findExperimentIn(deps.experiments, wanted)) ?? deps.experiments[0]);
  return {
    experimentId: exp?.id ?? '',
    values: deps.initial?.values ?? (exp ? defaultValues(exp.params) : {}),
    seed: deps.initial?.seed ?? DEFAULT_SEED,
    notices: deps.initial?.notices ?? [],
    run: { status: 'idle', progress: 0, message: '' },
    device: deps.hasNavigatorGpu()
      ? { status: 'idle' }
      : {
          status: 'unavailable',
          reason: 'no-navigator-gpu',
          message: 'This browser does not expose WebGPU (navigator.gpu is missing).',
        },
    presenterOpen: false,
    calibrations: {},
    files: {},
    loadedRuns: [],
  };
}
