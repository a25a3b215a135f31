// Shape of the workbench store. The store holds what the UI shows; the engine objects it keeps
// (the Gpu handle) stay opaque to React components, which only read `info`.
import type { Calibration, Experiment, LoadedFile, ParamValue, ParamValues, RunResult } from '../experiments/types';
import type { Gpu } from '../gpu/gpu';
import type { GpuInfo } from '../gpu/types';
import type { LoadedRun, ResultsFileInput } from './resultsFile';

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** A finished run together with what produced it, so exports describe the run, not the panel. */
export interface RunOutcome {
  /** 'run': the full run (Run button); 'model': the live modeled view recomputed on every change. */
  kind: 'run' | 'model';
  experimentId: string;
  values: ParamValues;
  seed: number;
  device: string;
  result: RunResult;
  finishedAt: string;
  /** For model views: the device whose measurements calibrated the model, if any. */
  calibratedBy?: string;
}

/** Measurements from an experiment's last full run, fed to its live model afterwards. */
export interface StoredCalibration {
  calibration: Calibration;
  device: string;
}

export interface RunState {
  status: RunStatus;
  progress: number;
  message: string;
  error?: { name: string; message: string };
  outcome?: RunOutcome;
}

export type DeviceStatus = 'idle' | 'connecting' | 'connected' | 'unavailable' | 'lost';
export type UnavailableReason = 'no-navigator-gpu' | 'no-adapter' | 'device-failed' | 'node-module-missing' | 'error';

export interface DeviceState {
  status: DeviceStatus;
  gpu?: Gpu;
  info?: GpuInfo;
  reason?: UnavailableReason;
  message?: string;
}

export interface WorkbenchData {
  /** The open experiment; '' is the gallery (home page). */
  experimentId: string;
  values: ParamValues;
  seed: number;
  /** Problems found while reading the link (ignored or invalid entries). */
  notices: string[];
  run: RunState;
  /**
   * The last full run (Run button) of the open experiment, kept while the live modeled view moves
   * on with the sliders so the two can be compared. Absent for experiments that only model.
   */
  measured?: RunOutcome;
  device: DeviceState;
  presenterOpen: boolean;
  /** Per experiment id. */
  calibrations: Record<string, StoredCalibration>;
  /** Files chosen for the current experiment's 'file' parameters, by parameter key. */
  files: Record<string, LoadedFile>;
  /** Runs read from results files (other devices), for every experiment, in load order. */
  loadedRuns: LoadedRun[];
  /** Why the last files could not be shown; `offer` is a run of another experiment to open. */
  loadProblem?: { messages: string[]; offer?: LoadedRun };
}

export interface WorkbenchActions {
  selectExperiment(id: string): void;
  /** Closes the experiment and shows the gallery. */
  showGallery(): void;
  /** Restores a whole view at once (browser Back/Forward); '' opens the gallery. */
  openView(view: { experimentId: string; values: ParamValues; seed: number }): void;
  setParam(key: string, value: ParamValue): void;
  /** Chooses (or with null clears) the file of a 'file' parameter; its value becomes the name. */
  setFile(key: string, file: LoadedFile | null): void;
  applyPreset(presetId: string): void;
  stepPreset(step: 1 | -1): void;
  setSeed(seed: number): void;
  dismissNotices(): void;
  startRun(): Promise<void>;
  /** Recomputes the live modeled view of experiments that have one (synchronous, no GPU). */
  refreshModel(): void;
  cancelRun(): void;
  connectGpu(): Promise<Gpu | undefined>;
  reconnectGpu(): Promise<void>;
  setPresenterOpen(open: boolean): void;
  /** Reads results files written by the experiment command (--json) into the open experiment. */
  loadResults(files: ResultsFileInput[]): void;
  /** Opens the experiment of the file that belonged elsewhere, and shows its run there. */
  acceptLoadOffer(): void;
  removeLoadedRun(key: string): void;
  dismissLoadProblem(): void;
}

export type WorkbenchState = WorkbenchData & WorkbenchActions;

export interface WorkbenchDeps {
  experiments: readonly Experiment[];
  hasNavigatorGpu(): boolean;
  createGpu(): Promise<Gpu>;
  initial?: { experimentId?: string; values?: ParamValues; seed?: number; notices?: string[] };
}
