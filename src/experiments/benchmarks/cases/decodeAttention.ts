// Decode attention: one new query token per sequence over a long KV cache (memory-bound: every K
// and V element is read once for 2 FLOPs each). Our two-pass decode kernel vs ONNX Runtime Web's
// MultiHeadAttention with S_Q = 1 on the same tensors.
import { planDecodeAttention, type DecodeShape } from '../../../kernels/decode';
import { decodeAttentionReference } from '../../../kernels/decode/decodeAttention.reference';
import { compareArrays } from '../../../kernels/compare';
import { multiHeadAttentionModel } from '../harness/onnx/onnxModel';
import { measurePeer } from '../peers';
import { crossCheck, measureOurs, uniformData } from '../ours';
import type { BenchCase, BenchSize, CaseResult } from '../types';
import type { Check } from '../../types';

const SHAPES: Record<BenchSize, DecodeShape> = {
  small: { batch: 1, context: 512, heads: 4, headDim: 32 },
  // A 32-head, d=128 layer (Llama-2-7B-like) at a 16k context: 2 × 256 MiB of K/V per step.
  realistic: { batch: 1, context: 16384, heads: 32, headDim: 128 },
};

const describe = (s: DecodeShape) => `B=${s.batch} T=${s.context} h=${s.heads} d=${s.headDim}`;

export const decodeAttentionCase: BenchCase = {
  id: 'decode',
  title: 'Decode attention (1 query, long KV)',
  peers: ['ORT MultiHeadAttention'],
  describe: (size) => describe(SHAPES[size]),
  async run(ctx): Promise<CaseResult> {
    const s = SHAPES[ctx.size];
    const hidden = s.heads * s.headDim;
    const q = uniformData(ctx, s.batch * hidden);
    const k = uniformData(ctx, s.batch * s.context * hidden);
    const v = uniformData(ctx, s.batch * s.context * hidden);
    const checks: Check[] = [];
    ctx.progress(0.1, 'ours');
    const ours = await measureOurs(
      ctx.gpu,
      'ours',
      ctx,
      () => planDecodeAttention(ctx.gpu, q, k, v, s),
      (p) => ctx.gpu.readF32(p.o, q.length),
    );
    if (ctx.size === 'small') {
      const c = compareArrays(
        'decode attention (ours) vs CPU reference',
        ours.output,
        decodeAttentionReference(q, k, v, s),
        { atol: 2e-5, rtol: 1e-5 },
      );
      checks.push(c);
      ours.result.maxAbsError = c.maxAbsError;
    }
    ctx.progress(0.5, 'ONNX Runtime MultiHeadAttention (S_Q = 1)');
    const ort = await measurePeer(
      ctx.peers.ort,
      async (m) => {
        const model = multiHeadAttentionModel({
          batch: s.batch,
          sQ: 1,
          sKV: s.context,
          heads: s.heads,
          headDim: s.headDim,
        });
        const r = await m.runOrtModel(
          model,
          [
            { name: 'query', dims: [s.batch, 1, hidden], data: q },
            { name: 'key', dims: [s.batch, s.context, hidden], data: k },
            { name: 'value', dims: [s.batch, s.context, hidden], data: v },
          ],
          { name: 'output', dims: [s.batch, 1, hidden] },
          ctx,
        );
        const cc = crossCheck('ORT MultiHeadAttention (decode) vs ours', r.output, ours.output);
        checks.push(cc.check);
        return {
          firstRunMs: r.firstRunMs,
          wall: r.wall,
          maxAbsError: cc.maxAbsError,
          note: `com.microsoft MultiHeadAttention, onnxruntime-web ${m.ORT_VERSION}`,
        };
      },
      ctx.signal,
    );
    return {
      caseId: this.id,
      title: this.title,
      shape: describe(s),
      flops: 4 * s.batch * s.context * hidden,
      bytes: 4 * (2 * s.batch * s.context * hidden + 2 * s.batch * hidden),
      impls: [ours.result, ort],
      checks,
    };
  },
};
