// The one workbench store (zustand, vanilla so it also runs in Node tests). Parameter edits,
// presets, experiment selection and presenter state live here; runs, the live model view and the
// device connection are in runActions.ts, modelActions.ts and deviceActions.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { defaultValues } from '../core/params';
import { initialData } from './initialState';
import { createDeviceActions } from './deviceActions';
import { createLoadActions } from './loadActions';
import { createModelActions } from './modelActions';
import { presetValues, steppedPreset } from './presets';
import { createRunActions } from './runActions';
import type { WorkbenchDeps, WorkbenchState } from './types';

export type WorkbenchStore = StoreApi<WorkbenchState>;

/**
 * What closing an experiment resets: its files, its run and its kept measurements. Runs loaded
 * from files stay (they belong to their experiment and are shown when it is open again).
 */
const CLOSED: Partial<WorkbenchState> = {
  files: {},
  run: { status: 'idle', progress: 0, message: '' },
  measured: undefined,
  presenterOpen: false,
  loadProblem: undefined,
};

export function createWorkbenchStore(deps: WorkbenchDeps): WorkbenchStore {
  return createStore<WorkbenchState>()((set, get) => {
    const device = createDeviceActions(set, get, deps);
    const runs = createRunActions(set, get, deps);
    const current = () => deps.experiments.find((e) => e.id === get().experimentId);

    return {
      ...initialData(deps),
      ...device,
      ...createModelActions(set, get, deps),
      ...createLoadActions(set, get, deps),
      startRun: runs.startRun,
      cancelRun: runs.cancelRun,

      selectExperiment(id) {
        const exp = deps.experiments.find((e) => e.id === id);
        if (!exp || id === get().experimentId) return;
        runs.abandon();
        set({ ...CLOSED, experimentId: id, values: defaultValues(exp.params) });
      },
      showGallery() {
        if (get().experimentId === '') return;
        runs.abandon();
        set({ ...CLOSED, experimentId: '', values: {} });
      },
      openView({ experimentId, values, seed }) {
        const exp = deps.experiments.find((e) => e.id === experimentId);
        if (!exp) {
          get().showGallery();
          return;
        }
        if (experimentId !== get().experimentId) {
          runs.abandon();
          set({ ...CLOSED, experimentId });
        }
        set({ values, seed });
      },

      setParam(key, value) {
        const exp = current();
        if (!exp?.params.some((s) => s.key === key)) return;
        if (get().values[key] === value) return;
        set({ values: { ...get().values, [key]: value } });
      },

      setFile(key, file) {
        const spec = current()?.params.find((s) => s.key === key);
        if (spec?.kind !== 'file') return;
        const files = { ...get().files };
        if (file) files[key] = file;
        else delete files[key];
        set({ files, values: { ...get().values, [key]: file?.name ?? '' } });
      },

      applyPreset(presetId) {
        const exp = current();
        const preset = exp?.presets.find((p) => p.id === presetId);
        if (exp && preset) set({ values: presetValues(exp, preset) });
      },

      stepPreset(step) {
        const exp = current();
        const next = exp && steppedPreset(exp, get().values, step);
        if (exp && next) set({ values: presetValues(exp, next) });
      },

      setSeed(seed) {
        if (Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff) set({ seed });
      },

      dismissNotices() {
        set({ notices: [] });
      },

      setPresenterOpen(open) {
        set({ presenterOpen: open });
      },
    };
  });
}
