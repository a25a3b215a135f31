// ONNX Runtime Web (WebGPU execution provider) as a benchmark peer. This module is only ever
// loaded with a dynamic import from the benchmarks experiment, so ORT stays out of the main bundle.
// In the browser ORT makes its own device and fetches its 27 MB WebAssembly file from our own
// origin (ortWasmBrowser.ts); in Node it runs on our dawn.node device with the WebAssembly bytes
// the Node host reads for it (Gpu.files, src/gpu/node.ts), with the shims of peerHost.ts around
// its calls.
import * as ort from 'onnxruntime-web/webgpu';
import { timeWallClock, timed, type RepOptions } from './peerTiming';
import { matmulModel } from './onnx/onnxModel';
import { assertPeersFree, withPeerShims, type PeerHost } from './peerHost';
import type { TimingResult } from '../../../gpu/types';

export const ORT_VERSION: string = ort.env.versions.common ?? 'unknown';

/** ORT's WebAssembly for its WebGPU build, as a package file (ortWasmBrowser.ts imports the same). */
export const ORT_WASM = 'onnxruntime-web/ort-wasm-simd-threaded.asyncify.wasm';

/** Where ORT's WebAssembly comes from: a URL (browser) or its bytes (Node). */
export type OrtWasm = { url: string } | { bytes: Uint8Array<ArrayBuffer> };

let host: PeerHost = { kind: 'browser' };
let configured = false;

function configure(wasm: OrtWasm): void {
  if (configured) return;
  configured = true;
  // Local WASM only: no CDN fallback. One thread: threads need cross-origin isolation, which a
  // static preview server does not give, and ORT would warn about falling back.
  if ('url' in wasm) ort.env.wasm.wasmPaths = { wasm: wasm.url };
  else ort.env.wasm.wasmBinary = wasm.bytes;
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = 'error';
}

/** Node: ORT's calls run on our device, with navigator.gpu and the write and event-loop shims. */
function onHost<T>(on: PeerHost, f: () => Promise<T>, compiling: boolean): Promise<T> {
  return on.kind === 'browser' ? f() : withPeerShims(on.gpu, f, { ticking: compiling });
}

/** Copies a GPU buffer of ORT's device back to the CPU. */
async function readBuffer(device: GPUDevice, src: GPUBuffer, bytes: number): Promise<Float32Array> {
  const staging = device.createBuffer({
    label: 'ort.readback',
    size: bytes,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  try {
    const enc = device.createCommandEncoder();
    enc.copyBufferToBuffer(src, 0, staging, 0, bytes);
    device.queue.submit([enc.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    return new Float32Array(staging.getMappedRange().slice(0));
  } finally {
    staging.destroy();
  }
}

/**
 * Loads and compiles ORT's WebAssembly and creates its WebGPU device by running a 1×1 MatMul, so
 * that one-off cost is reported once (as the peer's load time) rather than inside the first case.
 */
export async function initOrt(on: PeerHost, wasm: OrtWasm): Promise<void> {
  // Refused before anything process-wide changes while ORT runs on another device.
  if (on.kind === 'node') assertPeersFree(on.gpu);
  host = on;
  configure(wasm);
  if (on.kind === 'node') (ort.env.webgpu as { adapter?: GPUAdapter }).adapter = on.gpu.adapter;
  const one = new Float32Array([1]);
  await runOrtModel(
    matmulModel(1, 1, 1),
    [
      { name: 'A', dims: [1, 1], data: one },
      { name: 'B', dims: [1, 1], data: one },
    ],
    { name: 'Y', dims: [1, 1] },
    { warmup: 0, reps: 1 },
  );
}

export interface OrtInput {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface OrtRun {
  /** Session creation + first run with download: model load, shader compile, first dispatches. */
  firstRunMs: number;
  /** The output of the first run, for the correctness cross-check. */
  output: Float32Array;
  /** submit (session.run) → queue.onSubmittedWorkDone, inputs and output resident on the GPU. */
  wall: TimingResult;
}

/**
 * Runs a one-node model on the WebGPU EP with inputs uploaded once to ORT's own device and the
 * output bound to a preallocated GPU buffer, so the timed loop measures only the operator.
 */
export async function runOrtModel(
  model: Uint8Array,
  inputs: OrtInput[],
  output: { name: string; dims: number[] },
  opts: RepOptions,
): Promise<OrtRun> {
  const on = host;
  const buffers: GPUBuffer[] = [];
  let session: ort.InferenceSession | undefined;
  try {
    const first = await timed(() =>
      onHost(
        on,
        async () => {
          // Node: ORT is handed our device (it cannot make one: our adapter already has its device).
          const ep = on.kind === 'node' ? { name: 'webgpu', device: on.gpu.device } : 'webgpu';
          session = await ort.InferenceSession.create(model, {
            executionProviders: [ep],
            preferredOutputLocation: 'gpu-buffer',
            graphOptimizationLevel: 'all',
          });
          const device = on.kind === 'node' ? on.gpu.device : await ort.env.webgpu.device;
          const feeds: Record<string, ort.Tensor> = {};
          for (const x of inputs) {
            const buf = device.createBuffer({
              label: `ort.${x.name}`,
              size: x.data.byteLength,
              usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
            });
            buffers.push(buf);
            device.queue.writeBuffer(buf, 0, x.data.buffer, x.data.byteOffset, x.data.byteLength);
            feeds[x.name] = ort.Tensor.fromGpuBuffer(buf, { dataType: 'float32', dims: x.dims });
          }
          const bytes = 4 * output.dims.reduce((a, b) => a * b, 1);
          const outBuf = device.createBuffer({
            label: `ort.${output.name}`,
            size: bytes,
            usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
          });
          buffers.push(outBuf);
          const fetches = {
            [output.name]: ort.Tensor.fromGpuBuffer(outBuf, { dataType: 'float32', dims: output.dims }),
          };
          await session!.run(feeds, fetches);
          return { device, feeds, fetches, data: await readBuffer(device, outBuf, bytes) };
        },
        true,
      ),
    );
    const { device, feeds, fetches } = first.value;
    const wall = await onHost(
      on,
      () =>
        timeWallClock(async () => {
          await session!.run(feeds, fetches);
          await device.queue.onSubmittedWorkDone();
        }, opts),
      false,
    );
    return { firstRunMs: first.ms, output: first.value.data, wall };
  } finally {
    await session?.release();
    for (const b of buffers) b.destroy();
  }
}
