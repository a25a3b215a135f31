// LLM decode step: one token through a whole Llama model (batch 1, position 0) on our WGSL engine,
// with f32 and with packed-f16 weights. Decode at batch 1 is bound by streaming the weights, so
// the case's bytes are the weight bytes each step reads (LlamaGpuWeights.bytesPerDecodeToken):
// its "of the probed roof" column is then the decode weight-bandwidth fraction,
//   (weight bytes per token / measured step time) ÷ probed copy bandwidth,
// whenever the memory roof binds (it does for decode: 2 FLOPs per 4- or 2-byte weight). Position 0
// keeps the KV cache's share of the traffic to one key. No peer library runs a Llama decode step
// here, so the comparison is our own f16-weight path (role 'baseline'): the ratio row shows what
// halving the weight bytes buys.
import { initLlamaTensors, LlamaInference, type WeightFormat } from '../../../kernels/llm';
import { llamaTensorNames, type LlamaConfig } from '../../../data/llamaConfig';
import { llamaForward } from '../../../kernels/llm/llamaForward.reference';
import { referenceShapeOf } from '../../../kernels/llm/fixtures';
import { compareArrays } from '../../../kernels/compare';
import { measureOurs } from '../ours';
import type { BenchCase, BenchSize, CaseContext, CaseResult, ImplResult } from '../types';
import type { Check } from '../../types';

const config = (h: number, layers: number, heads: number, ffn: number, vocab: number): LlamaConfig => ({
  vocabSize: vocab,
  hiddenSize: h,
  intermediateSize: ffn,
  numHiddenLayers: layers,
  numAttentionHeads: heads,
  numKeyValueHeads: heads,
  headDim: h / heads,
  maxPositionEmbeddings: 64,
  rmsNormEps: 1e-5,
  ropeTheta: 10000,
  tieWordEmbeddings: false,
  ropeScaling: null,
});

const SHAPES: Record<BenchSize, LlamaConfig> = {
  small: config(64, 2, 4, 172, 500),
  // ~240M parameters (0.96 GB of f32 weights): far past any cache, so weights stream from memory.
  realistic: config(1024, 16, 16, 2816, 16384),
};

const describe = (c: LlamaConfig) =>
  `d=${c.hiddenSize} L=${c.numHiddenLayers} F=${c.intermediateSize} V=${c.vocabSize}, batch 1, position 0`;

/** Multiply-adds of one token: every matrix but the embedding (a row gather), two FLOPs each. */
function decodeFlops(c: LlamaConfig): number {
  return (
    2 *
    llamaTensorNames(c)
      .filter((s) => s.shape.length === 2 && s.name !== 'model.embed_tokens.weight')
      .reduce((n, s) => n + s.shape[0]! * s.shape[1]!, 0)
  );
}

/** Weights: seeded normal(0, 0.02) for small (checked against the f64 model); tiled blocks for realistic. */
function weightsFor(c: LlamaConfig, ctx: CaseContext): Record<string, Float32Array> {
  if (ctx.size === 'small') return initLlamaTensors(c, ctx.rng.nextU32());
  const block = Float32Array.from({ length: 4096 }, () => 0.02 * ctx.rng.normal());
  const out: Record<string, Float32Array> = {};
  for (const s of llamaTensorNames(c)) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const a = new Float32Array(n);
    if (s.name.endsWith('norm.weight')) a.fill(1);
    else for (let i = 0; i < n; i += block.length) a.set(block.subarray(0, Math.min(block.length, n - i)), i);
    out[s.name] = a;
  }
  return out;
}

export const llamaDecodeCase: BenchCase = {
  id: 'llama',
  title: 'LLM decode step (Llama, f32 and f16 weights)',
  peers: ['ours with f16 weights (no peer library runs a Llama step)'],
  describe: (size) => describe(SHAPES[size]),
  async run(ctx): Promise<CaseResult> {
    const c = SHAPES[ctx.size];
    const tensors = weightsFor(c, ctx);
    const checks: Check[] = [];
    const impls: ImplResult[] = [];
    let f32Bytes = 0;
    for (const [i, format] of (['f32', 'f16'] as WeightFormat[]).entries()) {
      ctx.progress(0.1 + 0.45 * i, `decode step, ${format} weights`);
      let engine: LlamaInference | undefined;
      let bytes = 0;
      const ours = await measureOurs(
        ctx.gpu,
        `ours (${format} weights)`,
        ctx,
        async () => {
          engine = LlamaInference.fromTensors(ctx.gpu, c, tensors, { batch: 1, maxSeq: 2, weights: format });
          bytes = engine.weights.bytesPerDecodeToken;
          const plan = await engine.timingPlan(1, { position: 0 });
          return { encode: plan.encode, destroy: () => engine!.destroy() };
        },
        async () => {
          const logits = await ctx.gpu.readF32(engine!.logitsBuffer, c.vocabSize);
          // Small shapes: the step's logits against the f64 model on the weights as stored.
          if (ctx.size === 'small') {
            const stored = await engine!.weights.download(ctx.gpu);
            const w = Object.fromEntries(Object.entries(stored).map(([k, v]) => [k, Float64Array.from(v)]));
            const want = llamaForward(referenceShapeOf(c), w, { tokens: Int32Array.of(0), batch: 1, seqLen: 1 }).logits;
            checks.push(
              compareArrays(`decode step (${format} weights) vs f64 reference`, logits, want, {
                atol: 2e-5,
                rtol: 2e-5,
              }),
            );
          }
          return logits;
        },
      );
      if (format === 'f32') f32Bytes = bytes;
      impls.push({
        ...ours.result,
        role: format === 'f32' ? 'ours' : 'baseline',
        maxAbsError: checks.at(-1)?.maxAbsError,
        bytes,
        note: `${(bytes / 1e6).toFixed(1)} MB of ${format} weights per token; of the probed roof = decode weight-bandwidth fraction`,
      });
    }
    return {
      caseId: this.id,
      title: this.title,
      shape: describe(c),
      flops: decodeFlops(c),
      bytes: f32Bytes,
      impls,
      checks,
    };
  },
};
