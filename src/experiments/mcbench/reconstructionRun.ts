// The compressors on real activations: every layer's tensor-parallel partial sums (activations.ts)
// go through this device's WGSL compressors exactly as the collective would treat them — each
// partition's partial sum compressed on its own, then summed on the receiver (densify-and-sum of
// the all-gathered top-k / rand-k payloads, accumulate-dequantise of the quantised ones, the AE's
// codes summed and decoded once) — and the result is compared with the exact sum: relative L2
// error and cosine. The AE uses the best linear autoencoder for these activations (computed,
// activations.ts); the paper's AE is trained with the model and can at best reach it.
import type { Gpu } from '../../gpu/gpu';
import type { KernelPlan } from '../../gpu/plan';
import { BufferSet } from '../../gpu/resources';
import { compareArrays } from '../../kernels/compare';
import {
  packedBytes,
  planAutoencoderDecode,
  planAutoencoderEncode,
  planDensify,
  planDequantize,
  planQuantize,
  planSparsify,
  reconstructionError,
  type QuantBits,
} from '../../kernels/compression';
import { quantizeReference } from '../../kernels/compression/quantize.reference';
import { sparsifyReference } from '../../kernels/compression/sparsify.reference';
import type { Check } from '../types';
import { throwIfAborted } from '../runner';
import { bestLinearAutoencoder, type PartialSums } from './activations';
import type { Method } from './collectives';

export interface ReconstructionRow {
  method: Method;
  layer: number;
  site: PartialSums['site'];
  relL2: number;
  cosine: number;
  /** Bytes a rank sends for this message, against its dense f32 partial sum. */
  ratio: number;
}

/** Runs one compressed "collective" of the partitions on the GPU; returns the receiver's sum. */
async function compressedSum(gpu: Gpu, ps: PartialSums, m: Method): Promise<Float32Array> {
  const { rows, hidden } = ps;
  const n = rows * hidden;
  const owned = new BufferSet();
  const plans: KernelPlan[] = [];
  const keep = (p: KernelPlan) => plans.push(p);
  try {
    const parts = ps.parts.map((y, i) => owned.add(gpu.upload(Float32Array.from(y), `mcbench.part${i}`)));
    const out = owned.add(gpu.createBuffer(4 * n, 'mcbench.sum'));
    if (m.kind === 'quant') {
      const shape = { rows, h: hidden, bits: m.bits as QuantBits };
      for (const [j, x] of parts.entries()) {
        const packed = owned.add(gpu.createBuffer(4 * Math.ceil(packedBytes(shape) / 4), 'mcbench.packed'));
        const scale = owned.add(gpu.createBuffer(4 * hidden, 'mcbench.scale'));
        keep(await planQuantize(gpu, { x, packed, scale }, shape));
        keep(await planDequantize(gpu, { packed, scale, out }, shape, { accumulate: j > 0 }));
      }
    } else if (m.kind === 'topk' || m.kind === 'randk') {
      const payloads = [];
      for (const [j, x] of parts.entries()) {
        const values = owned.add(gpu.createBuffer(4 * m.k!, 'mcbench.values'));
        const indices = owned.add(gpu.createBuffer(4 * m.k!, 'mcbench.indices'));
        // Each rank draws its own rand-k positions (seed per partition).
        keep(await planSparsify(gpu, { x, values, indices }, { n, k: m.k! }, m.kind, 17 + j));
        payloads.push({ values, indices, k: m.k! });
      }
      keep(await planDensify(gpu, { peers: payloads, out }, n));
    } else if (m.kind === 'ae') {
      const k = m.aeDim!;
      const { basis } = bestLinearAutoencoder(ps.sum, rows, hidden, k);
      const wd = Float32Array.from(basis); // W_d = V [h, k]
      const we = new Float32Array(k * hidden); // W_e = Vᵀ [k, h]
      for (let a = 0; a < hidden; a++) for (let j = 0; j < k; j++) we[j * hidden + a] = basis[a * k + j]!;
      const web = owned.add(gpu.upload(we, 'mcbench.we'));
      const wdb = owned.add(gpu.upload(wd, 'mcbench.wd'));
      const z = owned.add(gpu.createBuffer(4 * rows * k, 'mcbench.z'));
      const s = { T: rows, h: hidden, k };
      // The compressed all-reduce: every partition adds its code into z (a fresh, zeroed buffer);
      // z is decoded once. (The same accumulating pipeline as the timed encode: one compile.)
      for (const y of parts) keep(await planAutoencoderEncode(gpu, { y, we: web, z }, s, { accumulate: true }));
      keep(await planAutoencoderDecode(gpu, { z, wd: wdb, out }, s));
    } else {
      throw new Error(`compressedSum: no compressor for ${m.kind}`);
    }
    await gpu.run((pass) => plans.forEach((p) => p.encode(pass)));
    return await gpu.readF32(out, n);
  } finally {
    for (const p of plans) p.destroy();
    owned.destroy();
  }
}

function bytesSent(m: Method, rows: number, hidden: number): number {
  if (m.kind === 'quant') return packedBytes({ rows, h: hidden, bits: m.bits as QuantBits }) + 4 * hidden;
  if (m.kind === 'topk' || m.kind === 'randk') return 8 * m.k!;
  if (m.kind === 'ae') return 4 * rows * m.aeDim!;
  return 4 * rows * hidden;
}

export async function reconstruct(
  gpu: Gpu,
  sums: PartialSums[],
  methods: Method[],
  signal: AbortSignal,
  onStep?: (done: number, total: number) => void,
): Promise<{ rows: ReconstructionRow[]; checks: Check[] }> {
  const rows: ReconstructionRow[] = [];
  const checks: Check[] = [];
  const total = sums.length * methods.length;
  for (const [i, ps] of sums.entries()) {
    for (const [j, m] of methods.entries()) {
      throwIfAborted(signal);
      const got = await compressedSum(gpu, ps, m);
      const e = reconstructionError(ps.sum, got);
      rows.push({
        method: m,
        layer: ps.layer,
        site: ps.site,
        relL2: e.relativeL2,
        cosine: e.cosine,
        ratio: bytesSent(m, ps.rows, ps.hidden) / (4 * ps.rows * ps.hidden),
      });
      // The first site also checks the GPU's compressed sum against the CPU references.
      if (i === 0 && (m.kind === 'quant' || m.kind === 'topk')) checks.push(referenceCheck(ps, m, got));
      onStep?.(i * methods.length + j + 1, total);
    }
  }
  return { rows, checks };
}

/** The receiver's sum from the kernels' CPU references, against the GPU's. */
function referenceCheck(ps: PartialSums, m: Method, got: Float32Array): Check {
  const want = new Float64Array(ps.rows * ps.hidden);
  for (const y of ps.parts) {
    const x = Float32Array.from(y);
    if (m.kind === 'quant') {
      const r = quantizeReference(x, ps.rows, ps.hidden, m.bits as QuantBits);
      for (let i = 0; i < want.length; i++) want[i] = want[i]! + r.xhat[i]!;
    } else {
      const r = sparsifyReference(x, m.k!, 'topk');
      r.indices.forEach((idx, t) => (want[idx] = want[idx]! + r.values[t]!));
    }
  }
  const name = `${m.kind === 'quant' ? `${m.bits}-bit quantised` : `top-${m.k}`} sum of ${ps.parts.length} partitions (layer ${ps.layer} ${ps.site}) vs CPU reference`;
  // A quantised code can differ by one step where x / scale sits on a rounding boundary in f32:
  // allow one step of the largest channel (gross errors — packing, scales — are many steps off).
  let largest = 0;
  for (const v of want) largest = Math.max(largest, Math.abs(v));
  const atol = m.kind === 'quant' ? largest / 2 ** (m.bits! - 1) + 1e-6 : 1e-6;
  return compareArrays(name, got, want, { atol, rtol: 1e-5 });
}
