// Checks of the f64 Llama reference against itself and against independent math: gradients vs
// finite differences, KV-cache decoding vs the full forward, rotary by hand, GQA vs a plain MHA
// written here, AdamW by hand, and a short training run.
import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../core';
import { createRng } from '../../data/pcg32';
import {
  adamWStep,
  rotaryF64,
  createAdamWState,
  initLlamaWeights,
  linearF64,
  llamaWeightShapes,
  resolveLlamaShape,
  type LlamaShape,
  type LlamaWeights,
} from './llama.reference';
import { llamaBackward } from './llamaBackward.reference';
import {
  createLlamaKvCache,
  llamaDecode,
  llamaForward,
  llamaLoss,
  nextTokenTargets,
  type LlamaInput,
} from './llamaForward.reference';

// GQA ratio 2 with an explicit headDim (q_proj is 16 wide on a hidden size of 8), untied head.
const GQA: LlamaShape = {
  hiddenSize: 8,
  intermediateSize: 12,
  numHeads: 4,
  numKvHeads: 2,
  headDim: 4,
  numLayers: 2,
  vocabSize: 11,
  rmsNormEps: 1e-5,
  ropeTheta: 100,
  tieWordEmbeddings: false,
};
// GQA ratio 1 (plain MHA) with the default headDim = 8 / 4 = 2 (one rotary frequency), tied embeddings.
const MHA_TIED: LlamaShape = {
  hiddenSize: 8,
  intermediateSize: 10,
  numHeads: 4,
  numKvHeads: 4,
  numLayers: 2,
  vocabSize: 11,
  rmsNormEps: 1e-6,
  ropeTheta: 10000,
  tieWordEmbeddings: true,
};
// GQA ratio 1, hidden 12, headDim 6 (three rotary frequencies), untied.
const MHA_UNTIED: LlamaShape = { ...GQA, hiddenSize: 12, numKvHeads: 4, headDim: 6 };

const B = 2;
const S = 5;

function randomInput(seed: number, vocab: number, positionOffset?: number[]): LlamaInput {
  const rng = createRng(seed);
  return { tokens: Int32Array.from({ length: B * S }, () => rng.int(vocab)), batch: B, seqLen: S, positionOffset };
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('Llama f64 reference: gradients vs central finite differences', () => {
  const cases: [string, LlamaShape, number[] | undefined][] = [
    ['GQA 4/2, headDim override, untied, position offsets', GQA, [0, 3]],
    ['MHA 4/4, tied embeddings', MHA_TIED, undefined],
  ];
  for (const [name, shape, offsets] of cases) {
    it(name, () => {
      // std 0.5 (not the 0.02 default) so softmax, SiLU and RMSNorm are well away from linear.
      const weights = initLlamaWeights(shape, 7, 0.5);
      const input = randomInput(11, shape.vocabSize, offsets);
      const targets = nextTokenTargets(input.tokens, B, S);
      targets[2] = -1; // an ignored target mid-sequence
      const { loss, grads } = llamaBackward(shape, weights, input, targets);
      expect(loss).toBeCloseTo(llamaLoss(shape, weights, input, targets), 14);
      expect(Object.keys(grads).sort()).toEqual([...llamaWeightShapes(shape).keys()].sort());
      const rng = createRng(3);
      let worst = 0;
      for (const [param, g] of Object.entries(grads)) {
        const w = weights[param]!;
        let argmax = 0;
        for (let i = 0; i < g.length; i++) if (Math.abs(g[i]!) > Math.abs(g[argmax]!)) argmax = i;
        expect(Math.abs(g[argmax]!), `${param} has an all-zero gradient`).toBeGreaterThan(1e-4);
        const sample = [argmax, ...Array.from({ length: 7 }, () => rng.int(g.length))];
        for (const i of sample) {
          // 5-point central stencil: truncation O(h⁴) ≈ 1e-12, rounding ≈ 1e-16·loss/h ≈ 1e-12.
          const h = 1e-3;
          const at = (delta: number): number => {
            const keep = w[i]!;
            w[i] = keep + delta;
            const l = llamaLoss(shape, weights, input, targets);
            w[i] = keep;
            return l;
          };
          const fd = (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
          // Relative error, with a 1e-4 floor on the scale so entries whose gradient is ~0 are judged absolutely.
          const rel = Math.abs(fd - g[i]!) / Math.max(Math.abs(fd), Math.abs(g[i]!), 1e-4);
          expect(rel, `${param}[${i}]: analytic ${g[i]}, finite difference ${fd}`).toBeLessThan(1e-6);
          worst = Math.max(worst, rel);
        }
      }
      expect(worst).toBeLessThan(1e-6);
    });
  }

  it('a tied embedding gets the sum of its lookup and LM-head gradients', () => {
    const tied = initLlamaWeights(MHA_TIED, 5, 0.5);
    const untied: LlamaWeights = { ...tied, 'lm_head.weight': tied['model.embed_tokens.weight']!.slice() };
    const untiedShape = { ...MHA_TIED, tieWordEmbeddings: false };
    const input = randomInput(4, 11);
    const targets = nextTokenTargets(input.tokens, B, S);
    const gt = llamaBackward(MHA_TIED, tied, input, targets);
    const gu = llamaBackward(untiedShape, untied, input, targets);
    expect(gt.loss).toBe(gu.loss);
    const sum = gu.grads['model.embed_tokens.weight']!.map((g, i) => g + gu.grads['lm_head.weight']![i]!);
    expect(maxAbsDiff(gt.grads['model.embed_tokens.weight']!, sum)).toBeLessThan(1e-14);
    expect(gt.grads['lm_head.weight']).toBeUndefined();
  });
});

describe('Llama f64 reference: KV-cache decoding equals the full forward', () => {
  for (const [name, shape] of [
    ['GQA 4/2', GQA],
    ['MHA tied', MHA_TIED],
  ] as const) {
    it(`${name}: prefill 2, decode 1, verify 2 (speculative-style)`, () => {
      const weights = initLlamaWeights(shape, 21, 0.5);
      const input = randomInput(8, shape.vocabSize);
      const full = llamaForward(shape, weights, input).logits;
      const V = shape.vocabSize;
      const cache = createLlamaKvCache(shape, B, 8);
      let start = 0;
      for (const rows of [2, 1, 2]) {
        const chunk = Int32Array.from(
          { length: B * rows },
          (_, t) => input.tokens[Math.floor(t / rows) * S + start + (t % rows)]!,
        );
        const got = llamaDecode(shape, weights, cache, chunk, rows);
        for (let b = 0; b < B; b++) {
          for (let j = 0; j < rows; j++) {
            const want = full.subarray((b * S + start + j) * V, (b * S + start + j + 1) * V);
            expect(maxAbsDiff(got.subarray((b * rows + j) * V, (b * rows + j + 1) * V), want)).toBeLessThan(1e-12);
          }
        }
        start += rows;
      }
      expect([...cache.length]).toEqual([S, S]);
      expect(() => llamaDecode(shape, weights, cache, new Int32Array(B * 4), 4)).toThrow(UserInputError);
    });
  }
});

describe('Llama f64 reference: rotary positions', () => {
  it('rotates pairs by pos·theta^(−2i/d) (hand-computed)', () => {
    // d = 2: one pair, inv_freq = 1, so (1, 0) at position 0.5 is (cos 0.5, sin 0.5).
    expect(
      maxAbsDiff(rotaryF64(new Float64Array([1, 0]), [0.5], 1, 2, 10000), [Math.cos(0.5), Math.sin(0.5)]),
    ).toBeLessThan(1e-15);
    // d = 4, theta 100: pairs (x0, x2) at angle 3·1 and (x1, x3) at angle 3·100^(−1/2) = 0.3.
    const [c3, s3, c03, s03] = [Math.cos(3), Math.sin(3), Math.cos(0.3), Math.sin(0.3)];
    const want = [1 * c3 - 3 * s3, 2 * c03 - 4 * s03, 3 * c3 + 1 * s3, 4 * c03 + 2 * s03];
    expect(maxAbsDiff(rotaryF64(new Float64Array([1, 2, 3, 4]), [3], 1, 4, 100), want)).toBeLessThan(1e-14);
    // Two heads share the angle; direction −1 undoes it.
    const x = new Float64Array([0.3, -0.7, 1.1, 0.2, 0.5, 0.9, -0.4, 1.3]);
    const round = rotaryF64(rotaryF64(x.slice(), [2.5], 2, 4, 100), [2.5], 2, 4, 100, -1);
    expect(maxAbsDiff(round, x)).toBeLessThan(1e-15);
  });

  it('position offsets rotate q and k by (offset + s)·inv_freq; uniform shifts leave logits unchanged', () => {
    const s = resolveLlamaShape(GQA);
    const weights = initLlamaWeights(GQA, 2, 0.5);
    const offsets = [4, 9];
    const base = randomInput(6, GQA.vocabSize);
    const shifted = llamaForward(GQA, weights, { ...base, positionOffset: offsets });
    const layer = shifted.layers[0]!;
    const qRaw = linearF64(layer.attnIn, weights['model.layers.0.self_attn.q_proj.weight']!, B * S, s.hiddenSize, 16);
    const half = s.headDim / 2;
    for (let t = 0; t < B * S; t++) {
      const pos = offsets[Math.floor(t / S)]! + (t % S);
      for (let h = 0; h < s.numHeads; h++) {
        for (let i = 0; i < half; i++) {
          const angle = pos / 100 ** (i / half);
          const [a, b] = [qRaw[(t * 4 + h) * 4 + i]!, qRaw[(t * 4 + h) * 4 + i + half]!];
          expect(layer.q[(t * 4 + h) * 4 + i]).toBeCloseTo(a * Math.cos(angle) - b * Math.sin(angle), 13);
          expect(layer.q[(t * 4 + h) * 4 + i + half]).toBeCloseTo(b * Math.cos(angle) + a * Math.sin(angle), 13);
        }
      }
    }
    // Rotary attention depends on relative positions only: a per-sequence uniform shift keeps logits.
    const plain = llamaForward(GQA, weights, base);
    expect(maxAbsDiff(plain.layers[0]!.q, layer.q)).toBeGreaterThan(0.1);
    expect(maxAbsDiff(plain.logits, shifted.logits)).toBeLessThan(1e-12);
  });
});

// An independent plain multi-head-attention Llama on nested arrays, from the Hugging Face definition.
function mhaReference(shape: LlamaShape, w: LlamaWeights, tokens: Int32Array, batch: number, seq: number): number[][] {
  const { hiddenSize: D, numHeads: H, vocabSize: V, rmsNormEps: eps, ropeTheta } = shape;
  const d = shape.headDim ?? D / H;
  const mat = (name: string, rows: number, cols: number): number[][] =>
    Array.from({ length: rows }, (_, r) => [...w[name]!.subarray(r * cols, (r + 1) * cols)]);
  const mv = (m: number[][], x: number[]): number[] => m.map((row) => row.reduce((acc, wi, i) => acc + wi * x[i]!, 0));
  const norm = (x: number[], g: Float64Array): number[] => {
    const r = 1 / Math.sqrt(x.reduce((a, v) => a + v * v, 0) / x.length + eps);
    return x.map((v, i) => v * r * g[i]!);
  };
  const rope = (x: number[], pos: number): number[] =>
    x.map((v, i) => {
      const j = i % (d / 2);
      const angle = pos * Math.pow(ropeTheta, (-2 * j) / d);
      return i < d / 2
        ? v * Math.cos(angle) - x[i + d / 2]! * Math.sin(angle)
        : v * Math.cos(angle) + x[i - d / 2]! * Math.sin(angle);
    });
  const out: number[][] = [];
  for (let b = 0; b < batch; b++) {
    const emb = mat('model.embed_tokens.weight', V, D);
    let xs = Array.from({ length: seq }, (_, i) => [...emb[tokens[b * seq + i]!]!]);
    for (let l = 0; l < shape.numLayers; l++) {
      const p = `model.layers.${l}.`;
      const [Wq, Wk, Wv] = ['q', 'k', 'v'].map((n) => mat(`${p}self_attn.${n}_proj.weight`, H * d, D));
      const Wo = mat(`${p}self_attn.o_proj.weight`, D, H * d);
      const [Wg, Wu] = ['gate', 'up'].map((n) => mat(`${p}mlp.${n}_proj.weight`, shape.intermediateSize, D));
      const Wd = mat(`${p}mlp.down_proj.weight`, D, shape.intermediateSize);
      const a = xs.map((x) => norm(x, w[`${p}input_layernorm.weight`]!));
      const heads = (m: number[][], i: number, rot: boolean) =>
        Array.from({ length: H }, (_, h) => {
          const v = mv(m, a[i]!).slice(h * d, (h + 1) * d);
          return rot ? rope(v, i) : v;
        });
      const q = a.map((_, i) => heads(Wq!, i, true));
      const k = a.map((_, i) => heads(Wk!, i, true));
      const v = a.map((_, i) => heads(Wv!, i, false));
      const hs = xs.map((x, i) => {
        const concat: number[] = [];
        for (let h = 0; h < H; h++) {
          const sc = k
            .slice(0, i + 1)
            .map((kj) => kj[h]!.reduce((acc, kc, c) => acc + kc * q[i]![h]![c]!, 0) / Math.sqrt(d));
          const e = sc.map((z) => Math.exp(z - Math.max(...sc)));
          const z = e.reduce((x1, x2) => x1 + x2, 0);
          for (let c = 0; c < d; c++) concat.push(e.reduce((acc, ej, j) => acc + (ej / z) * v[j]![h]![c]!, 0));
        }
        return mv(Wo, concat).map((o, c) => x[c]! + o);
      });
      xs = hs.map((h) => {
        const m = norm(h, w[`${p}post_attention_layernorm.weight`]!);
        const g = mv(Wg!, m);
        const u = mv(Wu!, m);
        return mv(
          Wd,
          g.map((gi, i) => (gi / (1 + Math.exp(-gi))) * u[i]!),
        ).map((dn, c) => h[c]! + dn);
      });
    }
    const head = mat(shape.tieWordEmbeddings ? 'model.embed_tokens.weight' : 'lm_head.weight', V, D);
    for (const x of xs) out.push(mv(head, norm(x, w['model.norm.weight']!)));
  }
  return out;
}

describe('Llama f64 reference: grouped-query attention', () => {
  for (const [name, shape] of [
    ['tied, headDim 2', MHA_TIED],
    ['untied, headDim 6', MHA_UNTIED],
  ] as const) {
    it(`kv heads = heads equals an independent plain MHA (${name})`, () => {
      const weights = initLlamaWeights(shape, 13, 0.5);
      const input = randomInput(9, shape.vocabSize);
      const got = llamaForward(shape, weights, input).logits;
      expect(maxAbsDiff(got, mhaReference(shape, weights, input.tokens, B, S).flat())).toBeLessThan(1e-12);
    });
  }

  it('GQA 4/2 equals MHA with each KV head repeated for its query heads (repeat_kv)', () => {
    const weights = initLlamaWeights(GQA, 17, 0.5);
    const input = randomInput(10, GQA.vocabSize);
    const mhaShape = { ...GQA, numKvHeads: 4 };
    const expanded: LlamaWeights = { ...weights };
    const rowWidth = GQA.hiddenSize * 4; // one head's rows (headDim 4) of a [out, hidden] weight
    for (let l = 0; l < GQA.numLayers; l++) {
      for (const n of ['k', 'v']) {
        const name = `model.layers.${l}.self_attn.${n}_proj.weight`;
        const src = weights[name]!;
        const dst = new Float64Array(4 * rowWidth);
        for (let h = 0; h < 4; h++) dst.set(src.subarray((h >> 1) * rowWidth, ((h >> 1) + 1) * rowWidth), h * rowWidth);
        expanded[name] = dst;
      }
    }
    const got = llamaForward(GQA, weights, input).logits;
    expect(maxAbsDiff(got, llamaForward(mhaShape, expanded, input).logits)).toBeLessThan(1e-13);
    expect(maxAbsDiff(got, mhaReference(mhaShape, expanded, input.tokens, B, S).flat())).toBeLessThan(1e-12);
  });
});

describe('Llama f64 reference: AdamW and training', () => {
  it('AdamW matches torch semantics by hand (decoupled decay, bias correction, per-parameter steps)', () => {
    const w: LlamaWeights = { a: new Float64Array([1, -2]), b: new Float64Array([0.5]) };
    const state = createAdamWState();
    const opts = { lr: 0.1, weightDecay: 0.1, decay: (n: string) => n !== 'b' };
    const [b1, b2, eps] = [0.9, 0.999, 1e-8];
    const want = [1, -2];
    const [m, v] = [
      [0, 0],
      [0, 0],
    ];
    for (const [t, g] of [
      [1, [0.5, 0.1]],
      [2, [-0.3, 0.2]],
    ] as const) {
      adamWStep(w, { a: new Float64Array(g) }, state, opts); // b has no gradient: untouched
      for (let i = 0; i < 2; i++) {
        want[i] = want[i]! * (1 - 0.1 * 0.1);
        m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
        v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
        want[i] = want[i]! - (0.1 * (m[i]! / (1 - b1 ** t))) / (Math.sqrt(v[i]! / (1 - b2 ** t)) + eps);
      }
    }
    expect(maxAbsDiff(w.a!, want)).toBeLessThan(1e-15);
    adamWStep(w, { b: new Float64Array([2]) }, state, opts); // first step of b, no decay: moves by lr
    expect(w.b![0]).toBeCloseTo(0.5 - 0.1, 7);
    expect(state.step).toEqual({ a: 2, b: 1 });
  });

  it('loss falls over 30 AdamW steps on a tiny repeated sequence', () => {
    const weights = initLlamaWeights(GQA, 1);
    const tokens = Int32Array.from([3, 7, 1, 3, 7, 1, 3, 7, 1, 3]);
    const input: LlamaInput = { tokens, batch: B, seqLen: S };
    const targets = nextTokenTargets(tokens, B, S);
    const state = createAdamWState();
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const { loss, grads } = llamaBackward(GQA, weights, input, targets);
      losses.push(loss);
      adamWStep(weights, grads, state, { lr: 3e-2 });
    }
    losses.push(llamaLoss(GQA, weights, input, targets));
    expect(losses[0]).toBeCloseTo(Math.log(11), 1);
    expect(losses.at(-1)!).toBeLessThan(0.2 * losses[0]!);
  });
});

describe('Llama f64 reference: input validation', () => {
  it('throws UserInputError on bad shapes, weights and token ids', () => {
    expect(() => resolveLlamaShape({ ...MHA_TIED, hiddenSize: 12 })).toThrow(UserInputError); // headDim 3: odd
    expect(() => resolveLlamaShape({ ...GQA, numKvHeads: 3 })).toThrow(UserInputError);
    const weights = initLlamaWeights(MHA_TIED, 1);
    const input = randomInput(1, 11);
    expect(() => llamaForward(MHA_TIED, { ...weights, 'lm_head.weight': new Float64Array(88) }, input)).toThrow(
      UserInputError,
    );
    const { 'model.norm.weight': _dropped, ...missing } = weights;
    expect(() => llamaForward(MHA_TIED, missing, input)).toThrow(UserInputError);
    expect(() => llamaForward(MHA_TIED, weights, { ...input, tokens: input.tokens.map(() => 11) })).toThrow(
      UserInputError,
    );
    expect(() => llamaLoss(MHA_TIED, weights, input, new Int32Array(B * S).fill(-2))).toThrow(UserInputError);
  });
});
