import { describe, expect, it, vi } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import { UserInputError } from '../../core';
import { compareArrays } from '../compare';
import {
  adamw,
  clipGradScale,
  planAdamW,
  planSumSquares,
  sumSquares,
  sumSquaresGroups,
  SUM_SQUARES_MAX_GROUPS,
  type AdamWStepInput,
} from './adamw';
import { adamwStepReference, sumSquaresReference, type AdamWReferenceState } from './adamw.reference';

function randomArray(seed: number, n: number, scale = 1): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => scale * rng.uniform(-1, 1));
}

const TOL = { atol: 1e-6, rtol: 1e-5 };

describe('adamw kernel vs f64 reference', () => {
  const gpu = useNodeGpu();

  it('five steps over three tensors (sizes 1, 257, 1000) with weight decay, lr schedule and grad scale', async () => {
    const sizes = [1, 257, 1000];
    const decays = [undefined, 0, 0.3]; // plan default 0.1, none, own
    const hyper = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1 };
    const params = sizes.map((n, k) => randomArray(10 + k, n));
    const lrs = [1e-2, 2e-2, 1e-2, 5e-3, 1e-2];
    const scales = [1, 0.5, 1, 0.25, 2];
    const steps: AdamWStepInput[] = lrs.map((lr, j) => ({
      lr,
      gradScale: scales[j],
      grads: sizes.map((n, k) => randomArray(100 * j + k, n, 0.1 + k)),
    }));
    const got = await adamw(
      gpu(),
      params.map((param, k) => ({ param, weightDecay: decays[k] })),
      steps,
      hyper,
    );
    sizes.forEach((n, k) => {
      let ref: AdamWReferenceState = {
        param: Float64Array.from(params[k]!),
        m: new Float64Array(n),
        v: new Float64Array(n),
      };
      steps.forEach((s, j) => {
        ref = adamwStepReference(
          ref,
          s.grads[k]!,
          j + 1,
          s.lr,
          { ...hyper, weightDecay: decays[k] ?? 0.1 },
          s.gradScale,
        );
      });
      for (const key of ['param', 'm', 'v'] as const) {
        const c = compareArrays(`tensor ${k} ${key}`, got[k]![key], ref[key], TOL);
        expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
      }
    });
    // Decay made a difference: the decayed tensor differs from an undecayed run.
    const noDecay = await adamw(
      gpu(),
      [{ param: params[2]!, weightDecay: 0 }],
      steps.map((s) => ({ ...s, grads: [s.grads[2]!] })),
      hyper,
    );
    expect(compareArrays('decay matters', noDecay[0]!.param, got[2]!.param, TOL).passed).toBe(false);
  });

  it('resumes from a saved state (bias corrections of steps 4 and 5)', async () => {
    const n = 70;
    const hyper = { weightDecay: 0.05 };
    const param = randomArray(1, n);
    const m = randomArray(2, n, 0.1);
    const v = Float32Array.from(randomArray(3, n, 0.1), (x) => x * x);
    const steps = [0, 1].map((j) => ({ lr: 3e-3, grads: [randomArray(50 + j, n)] }));
    const [got] = await adamw(gpu(), [{ param, m, v }], steps, hyper, 4);
    let ref: AdamWReferenceState = {
      param: Float64Array.from(param),
      m: Float64Array.from(m),
      v: Float64Array.from(v),
    };
    const full = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05 };
    steps.forEach((s, j) => {
      ref = adamwStepReference(ref, s.grads[0]!, 4 + j, s.lr, full);
    });
    for (const key of ['param', 'm', 'v'] as const) {
      const c = compareArrays(key, got![key], ref[key], TOL);
      expect(c.passed, c.detail).toBe(true);
    }
  });

  it('setStep rewrites the step uniform without making bind groups', async () => {
    const g = gpu();
    const n = 5;
    const bufs = {
      param: g.upload(randomArray(4, n), 'p'),
      grad: g.upload(randomArray(5, n), 'g'),
      m: g.createBuffer(n * 4, 'm'),
      v: g.createBuffer(n * 4, 'v'),
      count: n,
    };
    const plan = await planAdamW(g, [bufs]);
    const spy = vi.spyOn(g.device, 'createBindGroup');
    try {
      expect(() => plan.encode({} as GPUComputePassEncoder)).toThrow(/setStep/);
      for (let t = 1; t <= 3; t++) {
        plan.setStep({ step: t, lr: 1e-3 });
        await g.run(plan.encode);
      }
      expect(plan.current).toEqual({ step: 3, lr: 1e-3, gradScale: 1 });
      expect(spy).not.toHaveBeenCalled();
    } finally {
      spy.mockRestore();
      plan.destroy();
      for (const b of [bufs.param, bufs.grad, bufs.m, bufs.v]) b.destroy();
    }
  });

  it('rejects bad hyper-parameters and steps', async () => {
    const p = new Float32Array(3);
    await expect(adamw(gpu(), [{ param: p }], [{ lr: 1e-3, grads: [p] }], { beta1: 1 })).rejects.toThrow(
      UserInputError,
    );
    await expect(adamw(gpu(), [{ param: p }], [{ lr: -1, grads: [p] }])).rejects.toThrow(/lr=-1/);
    await expect(adamw(gpu(), [{ param: p }], [{ lr: 1e-3, grads: [p] }], {}, 0)).rejects.toThrow(/step=0/);
    await expect(adamw(gpu(), [{ param: p }], [{ lr: 1e-3, grads: [new Float32Array(2)] }])).rejects.toThrow(
      /gradient 0 has 2 values/,
    );
  });
});

describe('sumSquares (Σg² for global-norm clipping)', () => {
  const gpu = useNodeGpu();

  for (const n of [0, 1, 255, 257, 1000, 256 * SUM_SQUARES_MAX_GROUPS + 3]) {
    it(`n=${n}`, async () => {
      const x = randomArray(n + 1, n);
      const got = await sumSquares(gpu(), x);
      const want = sumSquaresReference(x);
      expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 + 1e-5 * want);
      if (n === 1000) expect(await sumSquares(gpu(), x)).toBe(got); // deterministic
    });
  }

  it('caps the first level at SUM_SQUARES_MAX_GROUPS workgroups', () => {
    expect(sumSquaresGroups(0)).toBe(1);
    expect(sumSquaresGroups(257)).toBe(2);
    expect(sumSquaresGroups(1e9)).toBe(SUM_SQUARES_MAX_GROUPS);
  });

  it('two tensors into one out buffer give the global norm; the clipped AdamW step matches the reference', async () => {
    const g = gpu();
    const grads = [randomArray(7, 300, 3), randomArray(8, 41, 3)];
    const xs = grads.map((x, k) => g.upload(x, `x${k}`));
    const out = g.createBuffer(8, 'out');
    const plans = await Promise.all(xs.map((x, k) => planSumSquares(g, { x, out }, grads[k]!.length, k)));
    try {
      await g.run((pass) => plans.forEach((p) => p.encode(pass)));
      const sums = await g.readF32(out, 2);
      const total = sums[0]! + sums[1]!;
      const want = sumSquaresReference(grads[0]!) + sumSquaresReference(grads[1]!);
      expect(Math.abs(total - want)).toBeLessThanOrEqual(1e-5 * want);
      const scale = clipGradScale(total, 1);
      expect(scale).toBeLessThan(1);
      const params = [randomArray(9, 300), randomArray(10, 41)];
      const got = await adamw(
        g,
        params.map((param) => ({ param })),
        [{ lr: 1e-2, gradScale: scale, grads }],
      );
      params.forEach((p, k) => {
        const ref = adamwStepReference(
          { param: Float64Array.from(p), m: new Float64Array(p.length), v: new Float64Array(p.length) },
          grads[k]!,
          1,
          1e-2,
          { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 },
          scale,
        );
        const c = compareArrays('m', got[k]!.m, ref.m, TOL);
        expect(c.passed, c.detail).toBe(true);
        expect(compareArrays('param', got[k]!.param, ref.param, TOL).passed).toBe(true);
      });
    } finally {
      plans.forEach((p) => p.destroy());
      [...xs, out].forEach((b) => b.destroy());
    }
  });

  it('clipGradScale follows clip_grad_norm_', () => {
    expect(clipGradScale(4, 1)).toBeCloseTo(0.5, 6);
    expect(clipGradScale(0.25, 1)).toBe(1);
    expect(() => clipGradScale(1, 0)).toThrow(UserInputError);
  });
});
