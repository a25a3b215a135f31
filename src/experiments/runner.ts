// One entry point for running an experiment, shared by the UI and the CLI: validates params,
// seeds the RNG, refuses GPU-only experiments without a GPU, and wires progress + cancellation.
import { createRng } from '../data/pcg32';
import type { Gpu } from '../gpu/gpu';
import { assertValidParams } from '../core/params';
import type { Calibration, Experiment, LoadedFile, ParamValues, RunResult } from './types';
import { UserInputError } from './types';

export interface RunOptions {
  gpu?: Gpu;
  /** Contents of the files named by 'file' parameters, by parameter key. */
  files?: Record<string, LoadedFile>;
  seed?: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, message?: string) => void;
}

export const DEFAULT_SEED = 42;

export async function runExperiment(exp: Experiment, values: ParamValues, opts: RunOptions = {}): Promise<RunResult> {
  const params = assertValidParams(exp.params, values);
  if (exp.gpu === 'required' && !opts.gpu) {
    throw new UserInputError(`${exp.title} needs WebGPU, which is not available here`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UserInputError(`seed ${seed} is not valid: expected an integer in [0, 4294967295]`);
  }
  const files = opts.files ?? {};
  for (const spec of exp.params) {
    const name = params[spec.key];
    if (spec.kind === 'file' && name !== '' && !files[spec.key]) {
      throw new UserInputError(`${spec.label}: the file "${String(name)}" is not loaded; choose it again`);
    }
  }
  const signal = opts.signal ?? new AbortController().signal;
  if (signal.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
  return exp.run(params, {
    gpu: opts.gpu,
    files,
    rng: createRng(seed),
    seed,
    signal,
    progress: (f, m) => opts.onProgress?.(Math.min(1, Math.max(0, f)), m),
  });
}

/** The live modeled view of an experiment, or null if it has none. Throws on invalid params. */
export function modelExperiment(exp: Experiment, values: ParamValues, calibration?: Calibration): RunResult | null {
  if (!exp.model) return null;
  return exp.model(assertValidParams(exp.params, values), calibration);
}

export function isAbortError(e: unknown): boolean {
  return e instanceof DOMException ? e.name === 'AbortError' : (e as Error)?.name === 'AbortError';
}

/** Throws the signal's reason if the run was cancelled; call between GPU submits. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason ?? new DOMException('Aborted', 'AbortError');
}
