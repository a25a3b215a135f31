// Contract for kernels exposed to the kernel CLI (`npm run kernel -- <name>`): named typed
// inputs/outputs with symbolic shapes, settings described by the same schema as experiment params.
import type { Gpu } from '../gpu/gpu';
import type { DType, NdArray } from '../data/ndarray';
import type { ParamSpec, ParamValues } from '../core';

export interface TensorSpec {
  name: string;
  dtype: DType;
  /** Symbolic shape for help text and validation messages, e.g. ['M', 'K']. */
  shape: string[];
  help?: string;
}

export interface KernelEntry {
  name: string;
  summary: string;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  settings: ParamSpec[];
  /** Must throw UserInputError for shape/dtype problems, naming the expected shape. */
  run(gpu: Gpu, inputs: Record<string, NdArray>, settings: ParamValues): Promise<Record<string, NdArray>>;
}
