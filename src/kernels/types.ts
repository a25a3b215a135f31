// Contract for kernels exposed to the kernel CLI (`npm run kernel -- <name>`): named typed
// inputs/outputs with symbolic shapes, settings described by the same schema as experiment params.
// Settings of kind 'file' (a checkpoint, a config) arrive as bytes in `files`, as for experiments.
import type { Gpu } from '../gpu/gpu';
import type { DType, NdArray } from '../data/ndarray';
import type { LoadedFile, ParamSpec, ParamValues } from '../core';

export interface TensorSpec {
  name: string;
  dtype: DType;
  /** Symbolic shape for help text and validation messages, e.g. ['M', 'K']. */
  shape: string[];
  /**
   * How many leading dimensions of `shape` may be left out (e.g. 1 for ['B', 'S']: [B, S] or [S]);
   * default 0, every dimension required.
   */
  optionalLeadingDims?: number;
  help?: string;
}

export interface KernelEntry {
  name: string;
  summary: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  settings: ParamSpec[];
  /**
   * Must throw UserInputError for shape/dtype problems, naming the expected shape. `files` holds
   * the contents of the 'file' settings that were given, by setting key (the CLI reads
   * `--set key=PATH`), like an experiment's `ctx.files`; kernels without file settings ignore it.
   */
  run(
    gpu: Gpu,
    inputs: Record<string, NdArray>,
    settings: ParamValues,
    files?: Record<string, LoadedFile>,
  ): Promise<Record<string, NdArray>>;
}
