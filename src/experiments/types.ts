// The experiment contract: everything the UI, the CLI and CSV export need to know about an
// experiment, with no React and no DOM. An experiment is data (meta, params, presets) plus one
// async `run` that may use the GPU.
import type { Gpu } from '../gpu/gpu';
import type { Rng } from '../data/pcg32';
import type { LoadedFile, ParamSpec, ParamValues, Preset } from '../core/params';
import type { Calibration, RunResult } from '../core/results';

// The contract's building blocks live in src/core (below kernels and data); re-exported so an
// experiment imports its whole contract from one place.
export * from '../core';

export interface Claim {
  text: string;
  value?: number;
  unit?: string;
  /** Where the claim appears in the paper, e.g. "Table 3" or "§5.2, Fig. 7". */
  where: string;
  /**
   * The claim is not printed in the paper itself but taken from another source named in `where`
   * (the authors' code, a secondary summary): shown without the "paper" badge.
   */
  notInPaper?: boolean;
}

export interface PaperRef {
  title: string;
  authors: string;
  venue: string;
  year: number;
  url: string;
  claims: Claim[];
}

export interface RunContext {
  /** Bytes of the files chosen for 'file' parameters, by parameter key. */
  files: Record<string, LoadedFile>;
  /** Absent when the environment has no WebGPU; experiments that need it must say so. */
  gpu?: Gpu;
  rng: Rng;
  seed: number;
  signal: AbortSignal;
  progress(fraction: number, message?: string): void;
}

export type Topic =
  | 'Device'
  | 'Attention & LLM inference'
  | 'Vector search'
  | 'Graph learning'
  | 'Recommendation'
  | 'Energy'
  | 'Model parallelism';

export interface Experiment {
  id: string;
  /**
   * Ids the experiment was known by before (old links, old CLI commands). They still resolve to
   * it through findExperimentIn (lookup.ts); nothing ever writes them.
   */
  legacyIds?: readonly string[];
  title: string;
  topic: Topic;
  summary: string;
  /** Absent for workbench tools that reproduce no paper (the device probe). */
  paper?: PaperRef;
  params: ParamSpec[];
  presets: Preset[];
  /** 'required': cannot run without WebGPU; 'optional': runs modeled parts without it. */
  gpu: 'required' | 'optional' | 'none';
  /**
   * The full run: measured kernels (when a GPU is present) plus the modeled part. Shown when
   * the user presses Run, and by the CLI.
   */
  run(params: ParamValues, ctx: RunContext): Promise<RunResult>;
  /**
   * Optional pure, synchronous, fast (<100 ms) modeled view, recomputed live as sliders move,
   * with the calibration of the last run if there was one. No GPU, no randomness.
   */
  model?(params: ParamValues, calibration?: Calibration): RunResult;
}
