// TensorFlow.js with its WebGPU backend as a benchmark peer. Loaded only through a dynamic import
// from the benchmarks experiment (never part of the main bundle). In the browser tfjs creates its
// own device on the same adapter; in Node it runs on our dawn.node device (its backend is built on
// a device it is given; only its constructor's navigator.gpu check needs a stand-in, but every
// Node call runs inside peerHost.ts's withPeerShims, which keeps one device's peers at a time).
// Its kernel times come from its own timestamp queries (tf.time → kernelMs) when the device has
// 'timestamp-query', and its wall times from submit → onSubmittedWorkDone.
import * as tf from '@tensorflow/tfjs-core';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { timeSelfReported, timeWallClock, timed, type RepOptions } from './peerTiming';
import { assertPeersFree, withPeerShims, type PeerHost } from './peerHost';
import type { TimingResult } from '../../../gpu/types';

export const TFJS_VERSION: string = tf.version_core;

type NodeHost = Extract<PeerHost, { kind: 'node' }>;

let backend: WebGPUBackend | undefined;
/** Node: the dawn.node device the backend was built on (a later run may bring another). */
let nodeHost: NodeHost | undefined;

/**
 * Node: registers tfjs's 'webgpu' backend on our device. The package registers it itself only
 * when navigator.gpu exists at import, which in Node it does not. The backend is built here, not
 * in the registered factory: tf.setBackend swallows a factory's error (a console warning and
 * `false`), and the row's status must carry the real cause.
 */
async function registerOnNode(host: NodeHost): Promise<void> {
  if (nodeHost?.gpu === host.gpu) return;
  assertPeersFree(host.gpu);
  const device = host.gpu.device;
  const built = await withPeerShims(host.gpu, async () => new WebGPUBackend(device, host.gpu.adapter.info));
  if (tf.findBackend('webgpu') || tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
  tf.registerBackend('webgpu', () => built);
  backend = undefined;
  nodeHost = host;
}

async function webgpuBackend(): Promise<WebGPUBackend> {
  if (backend) return backend;
  const ok = await tf.setBackend('webgpu');
  if (!ok) throw new Error('tf.setBackend("webgpu") returned false (no WebGPU adapter for tfjs)');
  await tf.ready();
  backend = tf.backend() as WebGPUBackend;
  return backend;
}

/** Selects the WebGPU backend (creates tfjs's device); reported once as the peer's load time. */
export async function initTfjs(host: PeerHost): Promise<void> {
  if (host.kind === 'node') await registerOnNode(host);
  await webgpuBackend();
}

/** Submits whatever tfjs has recorded but not yet submitted, then waits for the GPU. */
async function finish(b: WebGPUBackend): Promise<void> {
  // tfjs batches dispatches in an open pass / command encoder until a read or a full batch; close
  // and submit them the way its own read path does.
  b.ensureCommandEncoderReady();
  b.endComputePassEncoder();
  b.submitQueue();
  await b.device.queue.onSubmittedWorkDone();
}

export interface TfjsRun {
  /** First call incl. shader compile, with the result downloaded. */
  firstRunMs: number;
  output: Float32Array;
  /** A second output (e.g. top-k indices), when the op has one. */
  output2?: Int32Array;
  wall: TimingResult;
  /** tfjs's own GPU timestamps (kernelMs summed over the op's programs); absent without the feature. */
  gpu?: TimingResult;
}

export type TfjsModule = typeof tf;

/**
 * Times `op` (which builds tensors from resident inputs made by `setup`) on the WebGPU backend.
 * The op returns one tensor or [values, indices].
 */
export function runTfjsOp(
  setup: (t: TfjsModule) => tf.Tensor[],
  op: (t: TfjsModule, inputs: tf.Tensor[]) => tf.Tensor | [tf.Tensor, tf.Tensor],
  opts: RepOptions,
): Promise<TfjsRun> {
  const run = () => runOp(setup, op, opts);
  return nodeHost ? withPeerShims(nodeHost.gpu, run) : run();
}

async function runOp(
  setup: (t: TfjsModule) => tf.Tensor[],
  op: (t: TfjsModule, inputs: tf.Tensor[]) => tf.Tensor | [tf.Tensor, tf.Tensor],
  opts: RepOptions,
): Promise<TfjsRun> {
  const b = await webgpuBackend();
  const inputs = setup(tf);
  // tidy frees the op's intermediates (e.g. gather's output) each repetition; results are kept.
  const asList = (r: tf.Tensor | [tf.Tensor, tf.Tensor]) => (Array.isArray(r) ? r : [r]);
  const call = () => asList(tf.tidy(() => op(tf, inputs)));
  try {
    const first = await timed(async () => {
      const out = call();
      const data = Float32Array.from(await out[0]!.data());
      const data2 = out[1] ? Int32Array.from(await out[1].data()) : undefined;
      tf.dispose(out);
      return { data, data2 };
    });
    const wall = await timeWallClock(async () => {
      const out = call();
      await finish(b);
      tf.dispose(out);
    }, opts);
    let gpu: TimingResult | undefined;
    if (b.device.features.has('timestamp-query')) {
      gpu = await timeSelfReported(async () => {
        let out: tf.Tensor[] = [];
        const info = await tf.time(() => {
          out = call();
        });
        await finish(b);
        tf.dispose(out);
        return info.kernelMs as number;
      }, opts);
    }
    return { firstRunMs: first.ms, output: first.value.data, output2: first.value.data2, wall, gpu };
  } finally {
    tf.dispose(inputs);
  }
}
