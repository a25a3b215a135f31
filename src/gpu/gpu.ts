// The WebGPU runtime: one adapter + device with explicitly requested limits, a pipeline cache,
// buffer helpers with pooled readback, dispatch and timing. Host-agnostic: callers hand in the
// GPU entry point (navigator.gpu in the browser, dawn.node's `create()` in Node).
import {
  DeviceLimitError,
  GpuExecutionError,
  GpuLostError,
  ShaderCompileError,
  type LocateLine,
  WebGpuUnavailableError,
} from './errors';
import { StagingPool } from './stagingPool';
import { timePasses, type EncodePass } from './timing';
import type { GpuInfo, GpuLostListener, PipelineRequest, TimingOptions, TimingResult } from './types';
import type { TypedData } from '../data/ndarray';

/** Optional features used when the adapter has them. */
const OPTIONAL_FEATURES = ['timestamp-query', 'subgroups', 'shader-f16'] as const;

/** Limits the kernels rely on: we ask for the adapter's maximum of each (spec defaults are small). */
const REQUESTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxComputeWorkgroupSizeZ',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

/** Limits shown in the device panel (adapter maxima vs what the device got). */
const REPORTED_LIMITS = [...REQUESTED_LIMITS, 'maxUniformBufferBindingSize', 'maxBindGroups'] as const;

function limitsOf(l: GPUSupportedLimits): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of REPORTED_LIMITS) out[k] = Number((l as unknown as Record<string, number>)[k]);
  return out;
}

function hashString(s: string): string {
  // FNV-1a: cheap, stable cache key for shader source.
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

/**
 * Files the app ships that a page fetches from its own origin (ONNX Runtime's WebAssembly for the
 * benchmark peers). Only the Node host has it (src/gpu/node.ts reads them from disk), so engine
 * code never touches Node built-ins.
 */
export interface HostFiles {
  /** The bytes of a package file, `package/file` (e.g. `onnxruntime-web/x.wasm`). */
  read(spec: string): Promise<Uint8Array<ArrayBuffer>>;
}

export interface CreateGpuOptions {
  host: GpuInfo['host'];
  powerPreference?: GPUPowerPreference;
  /** Called once if the adapter/device cannot be created, before throwing. */
  onDestroy?: () => void;
  files?: HostFiles;
}

export class Gpu {
  readonly info: GpuInfo;
  readonly hasTimestamps: boolean;
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();
  private readonly pool: StagingPool;
  private readonly lostListeners = new Set<GpuLostListener>();
  private lostReason: string | null = null;
  /** First validation / out-of-memory error the device reported since the last check. */
  private pendingError: string | null = null;
  private destroyed = false;

  private constructor(
    readonly adapter: GPUAdapter,
    readonly device: GPUDevice,
    host: GpuInfo['host'],
    private readonly onDestroy?: () => void,
    /** Node only: the app's own files (see HostFiles). */
    readonly files?: HostFiles,
  ) {
    const ai = adapter.info as GPUAdapterInfo & {
      isFallbackAdapter?: boolean;
      subgroupMinSize?: number;
      subgroupMaxSize?: number;
    };
    const arch = ai.architecture ?? '';
    const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    this.info = {
      host,
      vendor: ai.vendor ?? '',
      architecture: arch,
      device: ai.device ?? '',
      description: ai.description ?? '',
      isFallbackAdapter: Boolean(ai.isFallbackAdapter ?? legacyFallback) || /swiftshader/i.test(arch + ai.description),
      subgroupMinSize: ai.subgroupMinSize,
      subgroupMaxSize: ai.subgroupMaxSize,
      features: [...device.features].filter((f) => (OPTIONAL_FEATURES as readonly string[]).includes(f)).sort(),
      adapterFeatures: [...adapter.features].sort(),
      limits: limitsOf(device.limits),
      adapterLimits: limitsOf(adapter.limits),
    };
    this.hasTimestamps = device.features.has('timestamp-query');
    this.pool = new StagingPool(device);
    // Errors of submitted work surface asynchronously and would otherwise leave zeros in the
    // outputs; keep the first one and throw it from the next run / read / time.
    // Shader-module and pipeline errors are excluded: compile() already reports them (with the
    // shader's name and line) through getCompilationInfo and the async pipeline promise.
    device.onuncapturederror = (ev: GPUUncapturedErrorEvent) => {
      const m = ev.error.message;
      if (/CreateShaderModule|CreateComputePipeline/i.test(m)) return;
      this.pendingError ??= m;
    };
    device.lost.then((info) => {
      if (this.destroyed) return;
      this.lostReason = `${info.reason}: ${info.message}`;
      for (const l of this.lostListeners) l(info.reason ?? 'unknown', info.message);
    });
  }

  static async create(entry: GPU, opts: CreateGpuOptions): Promise<Gpu> {
    const adapter = await entry.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
    if (!adapter) {
      opts.onDestroy?.();
      throw new WebGpuUnavailableError(
        'no-adapter',
        'WebGPU is present but no adapter was returned (GPU blocklisted or disabled).',
      );
    }
    const requiredFeatures = OPTIONAL_FEATURES.filter((f) => adapter.features.has(f)) as GPUFeatureName[];
    const requiredLimits: Record<string, number> = {};
    for (const k of REQUESTED_LIMITS)
      requiredLimits[k] = Number((adapter.limits as unknown as Record<string, number>)[k]);
    let device: GPUDevice;
    try {
      device = await adapter.requestDevice({ label: 'workbench', requiredFeatures, requiredLimits });
    } catch (e) {
      opts.onDestroy?.();
      throw new WebGpuUnavailableError('device-failed', `requestDevice failed: ${(e as Error).message}`);
    }
    return new Gpu(adapter, device, opts.host, opts.onDestroy, opts.files);
  }

  /** True when timings are CPU emulation (SwiftShader / fallback), not GPU performance. */
  get isCpuEmulation(): boolean {
    return this.info.isFallbackAdapter;
  }

  get isLost(): boolean {
    return this.lostReason !== null;
  }

  onLost(listener: GpuLostListener): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Throws the first GPU error reported since the last call (with `what` naming the work). */
  private throwPendingError(what: string): void {
    const message = this.pendingError;
    if (message === null) return;
    this.pendingError = null;
    throw new GpuExecutionError(`GPU error during ${what}: ${message.trim()}`);
  }

  private assertUsable(): void {
    if (this.destroyed) throw new GpuLostError('the GPU runtime was closed');
    if (this.lostReason) throw new GpuLostError(`the GPU device was lost (${this.lostReason}); reconnect to continue`);
  }

  /** Compiled once per (shader, entry point, constants); compile errors name the shader and line. */
  pipeline(req: PipelineRequest): Promise<GPUComputePipeline> {
    this.assertUsable();
    const constants = req.constants ?? {};
    const constKey = Object.keys(constants)
      .sort()
      .map((k) => `${k}=${constants[k]}`)
      .join(',');
    const source = joinSource(req);
    const key = `${req.name}#${hashString(source.code)}#${req.entryPoint ?? 'main'}#${constKey}`;
    let p = this.pipelines.get(key);
    if (!p) {
      p = this.compile(req, source);
      this.pipelines.set(key, p);
      p.catch(() => this.pipelines.delete(key));
    }
    return p;
  }

  get pooledStagingBytes(): number {
    return this.pool.pooledBytes;
  }

  get pipelineCacheSize(): number {
    return this.pipelines.size;
  }

  private async compile(req: PipelineRequest, source: JoinedSource): Promise<GPUComputePipeline> {
    const module = this.device.createShaderModule({ label: req.name, code: source.code });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) {
      throw new ShaderCompileError(
        req.name,
        errors.map((m) => ({ type: m.type, line: m.lineNum, column: m.linePos, message: m.message })),
        source.code,
        source.locate,
      );
    }
    // No error scope here: scopes are a per-device stack, so concurrent compiles would pop each
    // other's errors. createComputePipelineAsync rejects with its own GPUPipelineError instead.
    const pipeline = await this.device
      .createComputePipelineAsync({
        label: req.name,
        layout: 'auto',
        compute: { module, entryPoint: req.entryPoint ?? 'main', constants: req.constants },
      })
      .catch((e: Error) => e);
    if (pipeline instanceof Error) throw new Error(`pipeline '${req.name}' failed: ${pipeline.message}`);
    return pipeline;
  }

  /** Throws a DeviceLimitError naming the limit if a single binding would be too large. */
  checkBindingSize(bytes: number, what: string): void {
    const max = this.info.limits.maxStorageBufferBindingSize!;
    if (bytes > max) throw new DeviceLimitError('maxStorageBufferBindingSize', bytes, max, what);
  }

  createBuffer(
    bytes: number,
    label: string,
    usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  ): GPUBuffer {
    this.assertUsable();
    this.checkBindingSize(bytes, label);
    const max = this.info.limits.maxBufferSize!;
    if (bytes > max) throw new DeviceLimitError('maxBufferSize', bytes, max, label);
    // Zero-size buffers are legal but cannot be bound; round up to one word.
    return this.device.createBuffer({ label, size: Math.max(4, Math.ceil(bytes / 4) * 4), usage });
  }

  /** A storage buffer initialised with `data`. */
  upload(data: TypedData | Uint32Array, label: string, usage?: GPUBufferUsageFlags): GPUBuffer {
    const buf = this.createBuffer(data.byteLength, label, usage);
    if (data.byteLength > 0) this.device.queue.writeBuffer(buf, 0, data.buffer, data.byteOffset, data.byteLength);
    return buf;
  }

  /** A small uniform buffer from 32-bit words (u32/i32/f32 mixed via DataView-free typed arrays). */
  uniform(words: ArrayBuffer, label: string): GPUBuffer {
    this.assertUsable();
    const size = Math.max(16, Math.ceil(words.byteLength / 16) * 16);
    const buf = this.device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
    this.device.queue.writeBuffer(buf, 0, words);
    return buf;
  }

  async read(buf: GPUBuffer, bytes: number, offset = 0): Promise<ArrayBuffer> {
    this.assertUsable();
    if (bytes === 0) return new ArrayBuffer(0);
    const data = await this.pool.read(buf, bytes, offset);
    this.throwPendingError(`readback of ${buf.label || 'a buffer'}`);
    return data;
  }

  async readF32(buf: GPUBuffer, count: number): Promise<Float32Array> {
    return new Float32Array(await this.read(buf, count * 4));
  }

  async readI32(buf: GPUBuffer, count: number): Promise<Int32Array> {
    return new Int32Array(await this.read(buf, count * 4));
  }

  /** Bind group 0 with resources at bindings 0..n-1, in order. */
  bindGroup(pipeline: GPUComputePipeline, resources: GPUBuffer[], label?: string): GPUBindGroup {
    return this.device.createBindGroup({
      label,
      layout: pipeline.getBindGroupLayout(0),
      entries: resources.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
  }

  /** Records one dispatch into an open pass. */
  static encodeDispatch(
    pass: GPUComputePassEncoder,
    pipeline: GPUComputePipeline,
    group: GPUBindGroup,
    wg: [number, number?, number?],
  ): void {
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, group);
    pass.dispatchWorkgroups(wg[0], wg[1] ?? 1, wg[2] ?? 1);
  }

  /** Checks a dispatch size against maxComputeWorkgroupsPerDimension. */
  checkWorkgroups(wg: [number, number?, number?], what: string): void {
    const max = this.info.limits.maxComputeWorkgroupsPerDimension!;
    for (const n of wg) {
      if (n !== undefined && n > max) throw new DeviceLimitError('maxComputeWorkgroupsPerDimension', n, max, what);
    }
  }

  /** Submits passes built by `encode` and waits until the GPU has finished them. */
  async run(encode: EncodePass): Promise<void> {
    this.assertUsable();
    const enc = this.device.createCommandEncoder();
    const pass = enc.beginComputePass();
    encode(pass);
    pass.end();
    this.device.queue.submit([enc.finish()]);
    await this.device.queue.onSubmittedWorkDone();
    this.throwPendingError('a compute pass');
  }

  /** Warm-up, then `reps` timed repetitions of the pass; median / min / p90 in ms. */
  async time(encode: EncodePass, opts?: TimingOptions): Promise<TimingResult> {
    this.assertUsable();
    const t = await timePasses(this.device, this.pool, this.hasTimestamps, encode, opts);
    this.throwPendingError('a timed pass');
    return t;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.pool.destroy();
    this.pipelines.clear();
    this.device.destroy();
    this.onDestroy?.();
  }
}

interface JoinedSource {
  code: string;
  locate: LocateLine;
}

/** The prelude files and the kernel's own shader as one source, with a map back to file lines. */
function joinSource(req: PipelineRequest): JoinedSource {
  const parts = [...(req.prelude ?? []), { file: `${req.name}.wgsl`, code: req.code }];
  const starts: { file: string; first: number }[] = [];
  let line = 1;
  for (const p of parts) {
    starts.push({ file: p.file, first: line });
    line += p.code.split('\n').length; // each part is followed by one '\n' joiner
  }
  const code = parts.map((p) => p.code).join('\n');
  const locate: LocateLine = (l) => {
    let s = starts[0]!;
    for (const x of starts) if (x.first <= l) s = x;
    return { file: s.file, line: l - s.first + 1 };
  };
  return { code, locate };
}
