// The peer libraries in Node on our own dawn.node device (SwiftShader here): TensorFlow.js's WebGPU
// backend and ONNX Runtime Web's WebGPU EP each run a matmul (and tfjs a top-k) on awkward shapes,
// checked against an f64 CPU reference; the browser stand-ins they need (navigator.gpu, the
// queue.writeBuffer copy) are gone again afterwards. Shapes are tiny: SwiftShader is a CPU emulator.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../../gpu/testing';
import { createPeers, measurePeer } from '../peers';
import { initOrt, ORT_WASM, runOrtModel } from './ortPeer';
import { initTfjs, runTfjsOp } from './tfjsPeer';
import { matmulModel } from './onnx/onnxModel';
import type { PeerHost } from './peerHost';

/** A seeded, awkward-valued matrix (no exact zeros, mixed signs). */
function matrix(rows: number, cols: number, seed: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < out.length; i++) out[i] = Math.sin(seed * 7.31 + i * 1.618) * 1.7 + 0.01 * (i % 5);
  return out;
}

/** C = A·B in f64, A M×K, B K×N row-major. */
function matmulF64(a: Float32Array, b: Float32Array, M: number, K: number, N: number): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[i * K + k]! * b[k * N + j]!;
      c[i * N + j] = s;
    }
  return c;
}

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  expect(x.length).toBe(y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  return m;
}

/** Navigator and the queue's own writeBuffer must be as they were before any peer call. */
function expectNoShimsLeft(device: GPUDevice, navigatorBefore: PropertyDescriptor | undefined): void {
  expect(Object.getOwnPropertyDescriptor(globalThis, 'navigator')).toEqual(navigatorBefore);
  expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
  expect(Object.hasOwn(device.queue, 'writeBuffer')).toBe(false);
}

const M = 7;
const K = 13;
const N = 5;
const opts = { warmup: 1, reps: 2 };
/** Whether node_modules has ORT's WebAssembly (Gpu.files reads it from there outside the GPU kit). */
function installed(spec: string): boolean {
  try {
    return existsSync(createRequire(import.meta.url).resolve(spec));
  } catch {
    return false;
  }
}
const ortWasmHere = installed(ORT_WASM);

describe('peer libraries in Node on the dawn.node device', () => {
  const gpu = useNodeGpu();
  const navigatorBefore = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
  const node = (): PeerHost => ({ kind: 'node', gpu: gpu() });
  const a = matrix(M, K, 1);
  const b = matrix(K, N, 2);
  const want = matmulF64(a, b, M, K, N);

  it('TensorFlow.js WebGPU: matMul and topk match the f64 reference', { timeout: 120_000 }, async () => {
    await initTfjs(node());
    const mm = await runTfjsOp(
      (tf) => [tf.tensor2d(a, [M, K]), tf.tensor2d(b, [K, N])],
      (tf, [x, y]) => tf.matMul(x!, y!),
      opts,
    );
    expect(maxAbsDiff(mm.output, want)).toBeLessThan(1e-4);
    expect(mm.wall.samplesMs.length).toBe(2);

    const row = matrix(1, 37, 3);
    const tk = await runTfjsOp(
      (tf) => [tf.tensor1d(row)],
      (tf, [x]) => {
        const r = tf.topk(x!, 5);
        return [r.values, r.indices];
      },
      opts,
    );
    const order = [...row.keys()].sort((i, j) => row[j]! - row[i]!).slice(0, 5);
    expect([...tk.output2!]).toEqual(order);
    expect(
      maxAbsDiff(
        tk.output,
        order.map((i) => row[i]!),
      ),
    ).toBe(0);
    expectNoShimsLeft(gpu().device, navigatorBefore);
  });

  it.skipIf(!ortWasmHere)(
    `ONNX Runtime Web WebGPU EP: MatMul matches the f64 reference${ortWasmHere ? '' : ' (skipped: its .wasm file is not installed)'}`,
    { timeout: 180_000 },
    async () => {
      // The bytes come from the Node host (src/gpu/node.ts), as in a run.
      const bytes = await gpu().files!.read(ORT_WASM);
      expect([...bytes.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
      await initOrt(node(), { bytes });
      const r = await runOrtModel(
        matmulModel(M, K, N),
        [
          { name: 'A', dims: [M, K], data: a },
          { name: 'B', dims: [K, N], data: b },
        ],
        { name: 'Y', dims: [M, N] },
        opts,
      );
      expect(maxAbsDiff(r.output, want)).toBeLessThan(1e-4);
      expect(r.wall.samplesMs.length).toBe(2);
      expectNoShimsLeft(gpu().device, navigatorBefore);
    },
  );

  it('createPeers on a Node device loads both peers and labels where they ran', { timeout: 120_000 }, async () => {
    const peers = createPeers({ ort: ortWasmHere, tfjs: true, gpu: gpu() });
    const tfjs = await peers.tfjs.load();
    expect(tfjs.ok && tfjs.version).toMatch(/^@tensorflow\/tfjs-backend-webgpu .*\(Node, dawn\.node device: .+\)$/);
    if (ortWasmHere) {
      const ort = await peers.ort.load();
      expect(ort.ok && ort.version).toMatch(/^onnxruntime-web .*\(Node, dawn\.node device: .+\)$/);
    }
    // A Node run without a device still says why there is no peer.
    const none = createPeers({ ort: true, tfjs: true });
    const row = await measurePeer(none.tfjs, async () => ({}), new AbortController().signal);
    expect(row.status).toMatch(
      /^peer unavailable: needs a browser with WebGPU \(navigator\.gpu\) or a Node dawn\.node device/,
    );
  });
});
