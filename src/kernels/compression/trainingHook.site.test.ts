// One step of each compressed site of the training hook against f64 CPU references, with the
// hook's recorded items run directly on tiny buffers (no trainer, so each check isolates one site):
//   tensor parallel  out += Σ_j dequantise(quantise(y_j)) and out += Σ_j densify(top-k(y_j)), y_j the
//                    partial product over column shard j; the gradient passes straight through;
//   error feedback   after afterStep the residual is what was sent minus its sparse part, seen in
//                    the next forward: it compresses y_j + residual_j;
//   pipeline         x ← dequantise(quantise(x)), dx ← dequantise(quantise(dx)) (own scales);
//                    x ← densify(top-k(x)), dx ← dx masked to the kept positions.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import type { Gpu } from '../../gpu/gpu';
import { BufferSet } from '../../gpu/resources';
import { createRng } from '../../data/pcg32';
import type { TrainingItem } from '../llm/llamaTrainingHooks';
import { createCompressionHook } from './trainingHook';
import { codePosition, quantizeReference } from './quantize.reference';
import { sparsifyReference } from './sparsify.reference';
import type { QuantBits } from './quantize';

const [T, N, K] = [3, 5, 7];
// K = 7 columns over p = 2 ranks: contiguous shards, the first one wider (columns 0..3, 4..6).
const SHARDS = [
  [0, 4],
  [4, 7],
] as const;

const random = (n: number, seed: number, lo = -1, hi = 1) => {
  const rng = createRng(seed);
  return Float64Array.from({ length: n }, () => Math.fround(rng.uniform(lo, hi)));
};

/** y_j [T, N] = x[:, shard] · W[:, shard]ᵀ in f64. */
function partial(x: Float64Array, w: Float64Array, [c0, c1]: readonly [number, number]): Float64Array {
  const y = new Float64Array(T * N);
  for (let t = 0; t < T; t++)
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let c = c0; c < c1; c++) s += x[t * K + c]! * w[n * K + c]!;
      y[t * N + n] = s;
    }
  return y;
}

/** dequantise(quantise(y)) and which elements sit within 1e-3 of a rounding boundary (f32 vs f64 may differ there). */
function quantised(y: Float64Array, rows: number, h: number, bits: QuantBits) {
  const ref = quantizeReference(y, rows, h, bits);
  const ambiguous = Array.from(y, (v, i) => {
    const pos = codePosition(v, ref.scale[i % h]!, bits);
    return Number.isFinite(pos) && Math.abs(pos - Math.floor(pos) - 0.5) < 1e-3;
  });
  return { xhat: ref.xhat, ambiguous };
}

/** densify(top-k(y)): y with all but its k largest |y| set to 0 (and the kept indices). */
function sparse(y: Float64Array, k: number): { dense: Float64Array; kept: Int32Array } {
  const { indices } = sparsifyReference(y, k, 'topk');
  const dense = new Float64Array(y.length);
  for (const i of indices) dense[i] = y[i]!;
  return { dense, kept: indices };
}

async function runItems(g: Gpu, items: TrainingItem[]): Promise<void> {
  const enc = g.device.createCommandEncoder();
  for (const item of items) {
    if ('copy' in item) {
      enc.copyBufferToBuffer(item.copy[0], 0, item.copy[1], 0, item.copy[2]);
      continue;
    }
    const pass = enc.beginComputePass();
    item.plan.encode(pass);
    pass.end();
  }
  g.device.queue.submit([enc.finish()]);
  const fence = g.createBuffer(4, 'test.fence');
  try {
    await g.readF32(fence, 1); // a readback waits for the submitted work
  } finally {
    fence.destroy();
  }
}

function expectClose(what: string, got: Float32Array, want: ArrayLike<number>, skip: boolean[] = []) {
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  let checked = 0;
  for (let i = 0; i < got.length; i++) {
    if (skip[i]) continue;
    checked++;
    expect(Math.abs(got[i]! - want[i]!), `${what}[${i}]: ${got[i]} vs ${want[i]}`).toBeLessThan(1e-5 * scale);
  }
  expect(checked).toBeGreaterThan(0.8 * got.length);
}

describe('compression hook sites, one step against f64 references', () => {
  const gpu = useNodeGpu();
  const x = random(T * K, 1);
  const w = random(N * K, 2);
  const r0 = random(T * N, 3);
  const dy = random(T * N, 4);
  const parts = SHARDS.map((s) => partial(x, w, s));

  async function tpSite(g: Gpu, owned: BufferSet) {
    return {
      layer: 0,
      projection: 'o_proj' as const,
      T,
      N,
      K,
      x: owned.add(g.upload(Float32Array.from(x), 'test.x')),
      w: owned.add(g.upload(Float32Array.from(w), 'test.w')),
      out: owned.add(g.upload(Float32Array.from(r0), 'test.out')),
      dOut: owned.add(g.upload(Float32Array.from(dy), 'test.dOut')),
    };
  }

  it('tensor parallel, 2-bit partial sums: out += Σ dequantise(quantise(y_j)); gradient passes through', async () => {
    const g = gpu();
    const owned = new BufferSet();
    const hook = createCompressionHook(g, {
      tensorParallel: { partitions: 2, compressor: { kind: 'quantize', bits: 2 } },
    });
    try {
      const site = await tpSite(g, owned);
      const o = (await hook.rowParallel!(site))!;
      await runItems(g, o.forward);
      const want = Float64Array.from(r0);
      const skip: boolean[] = new Array(T * N).fill(false);
      for (const y of parts) {
        const q = quantised(y, T, N, 2);
        q.xhat.forEach((v, i) => (want[i]! += v));
        q.ambiguous.forEach((a, i) => (skip[i] ||= a));
      }
      expectClose('out', await g.readF32(site.out, T * N), want, skip);
      // 2-bit rounding is coarse: the uncompressed sum would be far off.
      const exact = Float64Array.from(r0, (v, i) => v + parts[0]![i]! + parts[1]![i]!);
      const far = Array.from(await g.readF32(site.out, T * N)).some((v, i) => Math.abs(v - exact[i]!) > 0.05);
      expect(far).toBe(true);
      expect(o.dProjection).toBe(site.dOut);
      expect(o.backward).toEqual([]);
    } finally {
      hook.destroy();
      owned.destroy();
    }
  });

  it('tensor parallel top-k with error feedback: densified sums, and the residual after afterStep', async () => {
    const g = gpu();
    const owned = new BufferSet();
    const k = 4;
    const hook = createCompressionHook(g, {
      tensorParallel: { partitions: 2, compressor: { kind: 'topk', k, errorFeedback: true } },
    });
    try {
      const site = await tpSite(g, owned);
      const o = (await hook.rowParallel!(site))!;
      await runItems(g, o.forward);
      const want1 = Float64Array.from(r0);
      for (const y of parts) sparse(y, k).dense.forEach((v, i) => (want1[i]! += v));
      expectClose('out, step 1', await g.readF32(site.out, T * N), want1);
      // The optimizer step commits the residuals: residual_j = sent_j − densify(top-k(sent_j)).
      const enc = g.device.createCommandEncoder();
      hook.afterStep!(enc);
      g.device.queue.submit([enc.finish()]);
      g.device.queue.writeBuffer(site.out, 0, Float32Array.from(r0));
      await runItems(g, o.forward);
      const want2 = Float64Array.from(r0);
      for (const y of parts) {
        const residual = Float64Array.from(y, (v, i) => v - sparse(y, k).dense[i]!);
        const sent = Float64Array.from(y, (v, i) => v + residual[i]!);
        sparse(sent, k).dense.forEach((v, i) => (want2[i]! += v));
      }
      expectClose('out, step 2 (with residuals)', await g.readF32(site.out, T * N), want2);
      expect(o.dProjection).toBe(site.dOut);
    } finally {
      hook.destroy();
      owned.destroy();
    }
  });

  const H = 6;
  const xb = random(T * H, 5, -2, 2);
  const dxb = random(T * H, 6);

  async function boundary(g: Gpu, owned: BufferSet, hook: ReturnType<typeof createCompressionHook>) {
    const site = {
      afterLayer: 0,
      T,
      H,
      x: owned.add(g.upload(Float32Array.from(xb), 'test.bx')),
      dx: owned.add(g.upload(Float32Array.from(dxb), 'test.bdx')),
    };
    const o = await hook.boundary!(site);
    await runItems(g, o.forward);
    await runItems(g, o.backward);
    return { x: await g.readF32(site.x, T * H), dx: await g.readF32(site.dx, T * H) };
  }

  it('pipeline boundary, 4 bits: activation and gradient each quantised with their own scales', async () => {
    const g = gpu();
    const owned = new BufferSet();
    const hook = createCompressionHook(g, { pipeline: { afterLayer: 0, compressor: { kind: 'quantize', bits: 4 } } });
    try {
      const got = await boundary(g, owned, hook);
      const qx = quantised(xb, T, H, 4);
      const qdx = quantised(dxb, T, H, 4);
      expectClose('x', got.x, qx.xhat, qx.ambiguous);
      expectClose('dx', got.dx, qdx.xhat, qdx.ambiguous);
    } finally {
      hook.destroy();
      owned.destroy();
    }
  });

  it('pipeline boundary, top-k: sparse activation, gradient masked to the kept positions', async () => {
    const g = gpu();
    const owned = new BufferSet();
    const k = 5;
    const hook = createCompressionHook(g, { pipeline: { afterLayer: 0, compressor: { kind: 'topk', k } } });
    try {
      const got = await boundary(g, owned, hook);
      const { dense, kept } = sparse(xb, k);
      expectClose('x', got.x, dense);
      const mask = new Float64Array(T * H);
      for (const i of kept) mask[i] = dxb[i]!;
      expectClose('dx', got.dx, mask);
    } finally {
      hook.destroy();
      owned.destroy();
    }
  });
});
