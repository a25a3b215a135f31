// This device's compressor costs, measured: each compressor's encode and its decode-and-sum of p
// peers' payloads, timed on one message [rows, hidden] (GPU timestamps where available, one
// readback per timing), and expressed as copy-equivalents — multiples of reading and writing the
// message once at this device's measured copy bandwidth — which is what the live model applies to
// the target GPU (overhead.ts).
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { BufferSet } from '../../gpu/resources';
import type { Rng } from '../../data/pcg32';
import { measureCopy } from '../../kernels/probe';
import {
  packedBytes,
  planAutoencoderDecode,
  planAutoencoderEncode,
  planDensify,
  planDequantize,
  planQuantize,
  planSparsify,
  xavierUniform,
  type QuantBits,
} from '../../kernels/compression';
import type { Calibration } from '../types';
import { throwIfAborted } from '../runner';
import { decodeKey, encodeKey } from './overhead';
import type { Method } from './collectives';

export interface OverheadRow {
  method: Method;
  encodeMs: number;
  decodePerPeerMs: number;
  encodeCopies: number;
  decodeCopiesPerPeer: number;
}

export interface OverheadMeasurement {
  rows: OverheadRow[];
  /** This device's copy bandwidth (read + write), GB/s. */
  copyGBs: number;
  calibration: Calibration;
  timingMethod: string;
}

export interface OverheadRequest {
  rows: number;
  hidden: number;
  peers: number;
  /** Kept values for top-k / rand-k, code width for the AE, at this message size. */
  k: number;
  aeDim: number;
  reps: number;
  rng: Rng;
  signal: AbortSignal;
  onStep?: (message: string) => void;
}

export async function measureOverheads(gpu: Gpu, req: OverheadRequest): Promise<OverheadMeasurement> {
  const { rows, hidden, peers } = req;
  const n = rows * hidden;
  const copy = await measureCopy(gpu, { targetMs: 2, reps: req.reps, maxBytes: 64 << 20, signal: req.signal });
  const copyGBs = copy.rate;
  const copyMs = (2 * 4 * n) / (copyGBs * 1e6);
  const owned = new BufferSet();
  const plans: KernelPlan[] = [];
  const keep = <T extends KernelPlan>(p: T) => (plans.push(p), p);
  const out: OverheadRow[] = [];
  let timingMethod = '';
  const time = async (encode: (pass: GPUComputePassEncoder) => void) => {
    throwIfAborted(req.signal);
    const t = await gpu.time(encode, { warmup: 1, reps: req.reps, signal: req.signal });
    timingMethod = t.method;
    return t.medianMs;
  };
  try {
    const x = owned.add(
      gpu.upload(
        Float32Array.from({ length: n }, () => req.rng.nextFloat() * 2 - 1),
        'mcbench.x',
      ),
    );
    const dense = owned.add(gpu.createBuffer(4 * n, 'mcbench.out'));
    const record = (method: Method, encodeMs: number, decodeMs: number) =>
      out.push({
        method,
        encodeMs,
        decodePerPeerMs: decodeMs,
        encodeCopies: encodeMs / copyMs,
        decodeCopiesPerPeer: decodeMs / copyMs,
      });
    for (const bits of [8, 4, 2] as QuantBits[]) {
      req.onStep?.(`timing ${bits}-bit quantisation`);
      const shape = { rows, h: hidden, bits };
      const packed = owned.add(gpu.createBuffer(4 * Math.ceil(packedBytes(shape) / 4), 'mcbench.packed'));
      const scale = owned.add(gpu.createBuffer(4 * hidden, 'mcbench.scale'));
      const enc = keep(await planQuantize(gpu, { x, packed, scale }, shape));
      const decs: KernelPlan[] = [];
      for (let j = 0; j < peers; j++)
        decs.push(keep(await planDequantize(gpu, { packed, scale, out: dense }, shape, { accumulate: j > 0 })));
      const e = await time((pass) => enc.encode(pass));
      const d = await time((pass) => decs.forEach((p) => p.encode(pass)));
      record({ kind: 'quant', bits }, e, d / peers);
    }
    for (const mode of ['topk', 'randk'] as const) {
      req.onStep?.(`timing ${mode === 'topk' ? 'top-k' : 'rand-k'}`);
      const values = owned.add(gpu.createBuffer(4 * req.k, 'mcbench.values'));
      const indices = owned.add(gpu.createBuffer(4 * req.k, 'mcbench.indices'));
      const enc = keep(await planSparsify(gpu, { x, values, indices }, { n, k: req.k }, mode, 1));
      // The receiver densifies every peer's payload into one sum (here p copies of one payload).
      const payloads = Array.from({ length: peers }, () => ({ values, indices, k: req.k }));
      const dec = keep(await planDensify(gpu, { peers: payloads, out: dense }, n));
      await gpu.run((pass) => enc.encode(pass)); // valid indices before the decode is timed
      const e = await time((pass) => enc.encode(pass));
      const d = await time((pass) => dec.encode(pass));
      record({ kind: mode, k: req.k }, e, d / peers);
    }
    req.onStep?.('timing the autoencoder');
    const s = { T: rows, h: hidden, k: req.aeDim };
    const we = owned.add(gpu.upload(xavierUniform(req.aeDim, hidden, 1), 'mcbench.we'));
    const wd = owned.add(gpu.upload(xavierUniform(hidden, req.aeDim, 2), 'mcbench.wd'));
    const z = owned.add(gpu.createBuffer(4 * rows * req.aeDim, 'mcbench.z'));
    // Accumulating encode: what each partition does into the shared code (the reconstruction's pipeline too).
    const enc = keep(await planAutoencoderEncode(gpu, { y: x, we, z }, s, { accumulate: true }));
    const dec = keep(await planAutoencoderDecode(gpu, { z, wd, out: dense }, s));
    record(
      { kind: 'ae', aeDim: req.aeDim },
      await time((pass) => enc.encode(pass)),
      await time((pass) => dec.encode(pass)),
    );
  } finally {
    for (const p of plans) p.destroy();
    owned.destroy();
  }
  const calibration: Calibration = { copyGBs };
  for (const r of out) {
    calibration[encodeKey(r.method)] = r.encodeCopies;
    calibration[decodeKey(r.method)] = r.decodeCopiesPerPeer;
  }
  return { rows: out, copyGBs, calibration, timingMethod };
}
