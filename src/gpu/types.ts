// Public shape of the WebGPU runtime. Everything above src/gpu talks to this, never to
// navigator.gpu or dawn.node directly, so the same engine code runs in the browser and in Node.

export interface GpuInfo {
  /** 'browser' (navigator.gpu) or 'node' (dawn.node). */
  host: 'browser' | 'node';
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for software adapters (SwiftShader): timings are CPU emulation, not GPU performance. */
  isFallbackAdapter: boolean;
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
  /** Optional features the runtime enabled on the device (subset of adapterFeatures). */
  features: string[];
  adapterFeatures: string[];
  /** Limits requested from and granted by the device. */
  limits: Record<string, number>;
  /** The adapter's maxima, reported so the UI can say how far a size could go. */
  adapterLimits: Record<string, number>;
}

export interface TimingOptions {
  warmup?: number;
  reps?: number;
  signal?: AbortSignal;
}

export interface TimingResult {
  /** Per-repetition times in milliseconds. */
  samplesMs: number[];
  medianMs: number;
  minMs: number;
  p90Ms: number;
  /** 'timestamp-query': GPU timestamps around the pass; 'wall-clock': submit → onSubmittedWorkDone. */
  method: 'timestamp-query' | 'wall-clock';
  /** How many times the work ran inside each timed pass (1 unless a pass was below the timer's resolution). */
  repeatsPerSample: number;
}

/** A WGSL file put in front of a kernel's own shader (shared functions such as the PCG hash). */
export interface WgslPrelude {
  /** Its path under src/shaders, for error messages, e.g. 'common/pcg.wgsl'. */
  file: string;
  code: string;
}

export interface PipelineRequest {
  /**
   * The shader's path under src/shaders without '.wgsl' (e.g. 'vector/topk.rows'): error messages
   * name `${name}.wgsl`, and it is part of the cache key.
   */
  name: string;
  code: string;
  /** Shared WGSL put in front of `code`; compile errors name the file and line they fall in. */
  prelude?: WgslPrelude[];
  entryPoint?: string;
  /** Pipeline-overridable constants (WGSL `override`), part of the cache key. */
  constants?: Record<string, number>;
}

export type GpuLostListener = (reason: string, message: string) => void;
