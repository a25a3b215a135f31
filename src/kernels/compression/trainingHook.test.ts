// The compression hook inside LlamaTrainer on a tiny model (dawn.node): an inactive hook leaves
// training bit-identical; p uncompressed partial sums give the unpartitioned loss and gradients;
// 8-bit partial sums train like the uncompressed model; every compressor (quantisation, top-k with
// error feedback, rand-k, autoencoder; tensor-parallel and at a pipeline boundary) runs steps with
// finite, falling losses (trainingHook.site.test.ts checks each site's step against f64
// references); evaluation does not shift rand-k's draws; and bad settings are refused.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { createRng } from '../../data/pcg32';
import type { LlamaConfig } from '../../data/llamaConfig';
import { compareArrays } from '../compare';
import { initLlamaTensors } from '../llm/llamaCheckpoint';
import { LlamaGpuWeights } from '../llm/llamaWeights';
import { LlamaTrainer } from '../llm/llamaTraining';
import { createCompressionHook, type CompressionHookOptions } from './trainingHook';

const CONFIG: LlamaConfig = {
  vocabSize: 13,
  hiddenSize: 12,
  intermediateSize: 20,
  numHiddenLayers: 2,
  numAttentionHeads: 4,
  numKeyValueHeads: 2,
  headDim: 4,
  maxPositionEmbeddings: 32,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  tieWordEmbeddings: false,
  ropeScaling: null,
};
const [B, S] = [2, 5];
const tensors = initLlamaTensors(CONFIG, 3, 0.3);
// A learnable pattern (next token = token + 1 mod V) so that a few steps lower the loss.
const batch = (seed: number) => {
  const rng = createRng(seed);
  const t = new Int32Array(B * (S + 1));
  for (let b = 0; b < B; b++) {
    const start = rng.int(CONFIG.vocabSize);
    for (let s = 0; s <= S; s++) t[b * (S + 1) + s] = (start + s) % CONFIG.vocabSize;
  }
  return t;
};

describe('compression hook in LlamaTrainer', () => {
  const gpu = useNodeGpu();

  async function train(opts: CompressionHookOptions | 'none' | 'inactive', steps: number, lr = 3e-2) {
    const g = gpu();
    const weights = LlamaGpuWeights.upload(g, CONFIG, tensors);
    const hook =
      opts === 'none'
        ? undefined
        : createCompressionHook(
            g,
            opts === 'inactive'
              ? { tensorParallel: { partitions: 2, compressor: { kind: 'quantize', bits: 2 }, fromLayer: 2 } }
              : opts,
          );
    const trainer = await LlamaTrainer.create(g, weights, { batch: B, seqLen: S, hook });
    try {
      const losses: number[] = [];
      for (let i = 0; i < steps; i++) losses.push((await trainer.step(batch(i), lr)).loss);
      const grads = await trainer.gradients(batch(99));
      return { losses, grads };
    } finally {
      trainer.destroy();
      hook?.destroy();
      weights.destroy();
    }
  }

  // The first test also builds every pipeline the trainer uses (slow on SwiftShader).
  it('a hook that compresses no layer leaves training bit-identical', { timeout: 180_000 }, async () => {
    const plain = await train('none', 2);
    const inactive = await train('inactive', 2);
    expect(inactive.losses).toEqual(plain.losses);
    for (const [name, g] of Object.entries(plain.grads.grads))
      expect(Array.from(inactive.grads.grads[name]!), name).toEqual(Array.from(g));
  });

  it('p = 3 uncompressed partial sums give the unpartitioned loss and gradients', async () => {
    const plain = await train('none', 2);
    const parts = await train({ tensorParallel: { partitions: 3, compressor: { kind: 'none' } } }, 2);
    for (let i = 0; i < 2; i++) expect(parts.losses[i]).toBeCloseTo(plain.losses[i]!, 5);
    for (const [name, g] of Object.entries(plain.grads.grads)) {
      const c = compareArrays(name, parts.grads.grads[name]!, g, { atol: 1e-5, rtol: 1e-3 });
      expect(c.passed, `${name}: ${c.detail}`).toBe(true);
    }
  });

  it('8-bit partial sums (p = 2) train like the uncompressed model', async () => {
    const plain = await train('none', 4);
    const q8 = await train({ tensorParallel: { partitions: 2, compressor: { kind: 'quantize', bits: 8 } } }, 4);
    expect(q8.losses[3]!).toBeLessThan(q8.losses[0]! - 0.1);
    for (let i = 0; i < 4; i++) expect(Math.abs(q8.losses[i]! - plain.losses[i]!)).toBeLessThan(0.05);
  });

  // Tensor-parallel and pipeline settings share trainers (fewer pipeline builds on SwiftShader).
  const settings: [string, CompressionHookOptions][] = [
    [
      'TP 2-bit + PP top-k',
      {
        tensorParallel: { partitions: 2, compressor: { kind: 'quantize', bits: 2 } },
        pipeline: { afterLayer: 0, compressor: { kind: 'topk', k: 80 } },
      },
    ],
    [
      'TP top-k with error feedback + PP 4-bit',
      {
        tensorParallel: { partitions: 2, compressor: { kind: 'topk', k: 60, errorFeedback: true } },
        pipeline: { afterLayer: 0, compressor: { kind: 'quantize', bits: 4 } },
      },
    ],
    [
      'TP rand-k on the later layer only + PP autoencoder',
      {
        tensorParallel: { partitions: 2, compressor: { kind: 'randk', k: 90 }, fromLayer: 1 },
        pipeline: { afterLayer: 0, compressor: { kind: 'ae', dim: 6 } },
      },
    ],
    ['TP autoencoder', { tensorParallel: { partitions: 2, compressor: { kind: 'ae', dim: 4 } } }],
  ];
  for (const [label, opts] of settings) {
    it(`${label}: finite, falling loss`, async () => {
      const { losses, grads } = await train(opts, 4);
      for (const l of losses) expect(Number.isFinite(l)).toBe(true);
      expect(losses[3]!).toBeLessThan(losses[0]!);
      expect(Number.isFinite(grads.loss)).toBe(true);
    });
  }

  it('rand-k: an evaluation between training steps does not change the next step', async () => {
    const g = gpu();
    const opts: CompressionHookOptions = { tensorParallel: { partitions: 2, compressor: { kind: 'randk', k: 90 } } };
    const run = async (probe: boolean) => {
      const weights = LlamaGpuWeights.upload(g, CONFIG, tensors);
      const hook = createCompressionHook(g, opts);
      const trainer = await LlamaTrainer.create(g, weights, { batch: B, seqLen: S, hook });
      try {
        const first = (await trainer.step(batch(0), 3e-2)).loss;
        if (probe) {
          await trainer.evaluate(batch(7));
          await trainer.gradients(batch(8));
        }
        return [first, (await trainer.step(batch(1), 3e-2)).loss];
      } finally {
        trainer.destroy();
        hook.destroy();
        weights.destroy();
      }
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it('refuses bad settings with clear messages', async () => {
    const g = gpu();
    const weights = LlamaGpuWeights.upload(g, CONFIG, tensors);
    const tries: [CompressionHookOptions, RegExp][] = [
      [
        { tensorParallel: { partitions: 2, compressor: { kind: 'quantize', bits: 3 as 8 } } },
        /bits=3 must be 2, 4 or 8/,
      ],
      [
        { tensorParallel: { partitions: 2, compressor: { kind: 'topk', k: 1000 } } },
        /k=1000 is larger than the 120 elements/,
      ],
      [{ tensorParallel: { partitions: 2, compressor: { kind: 'randk', k: 0 } } }, /k=0 must be an integer ≥ 1/],
      [{ tensorParallel: { partitions: 50, compressor: { kind: 'none' } } }, /50 partitions of 16 columns/],
      [
        { pipeline: { afterLayer: 1, compressor: { kind: 'quantize', bits: 8 } } },
        /stage boundary after layer 1 needs 0 ≤ layer ≤ 0/,
      ],
      [
        { pipeline: { afterLayer: 0, compressor: { kind: 'ae', dim: 13 } } },
        /autoencoder width 13 must be an integer from 1 to h=12/,
      ],
    ];
    try {
      for (const [opts, message] of tries) {
        const hook = createCompressionHook(g, opts);
        await expect(LlamaTrainer.create(g, weights, { batch: B, seqLen: S, hook })).rejects.toThrow(message);
        hook.destroy();
      }
    } finally {
      weights.destroy();
    }
  });
});
