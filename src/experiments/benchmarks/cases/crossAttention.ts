// Cross-attention forward with few queries over a long context (S_Q ≪ S_KV, e.g. an MLLM's text
// tokens attending to image tokens): our flash-style kernel vs ONNX Runtime Web's
// MultiHeadAttention (com.microsoft) on the same q, k, v.
import { attentionFlops, planAttention, type AttentionShape } from '../../../kernels/attention';
import { attentionReference } from '../../../kernels/attention/flashAttention.reference';
import { compareArrays } from '../../../kernels/compare';
import { multiHeadAttentionModel } from '../harness/onnx/onnxModel';
import { measurePeer } from '../peers';
import { crossCheck, measureOurs, uniformData } from '../ours';
import type { BenchCase, BenchSize, CaseResult } from '../types';
import type { Check } from '../../types';

type Shape = Omit<AttentionShape, 'kvHeads'>;

const SHAPES: Record<BenchSize, Shape> = {
  // ~1 MFLOP: tens of milliseconds on SwiftShader.
  small: { sQ: 16, sKV: 256, heads: 2, headDim: 32 },
  // Inside the range (S_Q 64–1024, S_KV 4096–16384, h 8–32, d 64–128): 8.6 GFLOP.
  realistic: { sQ: 256, sKV: 8192, heads: 16, headDim: 64 },
};

const describe = (s: Shape) => `S_Q=${s.sQ} S_KV=${s.sKV} h=${s.heads} d=${s.headDim}`;

export const crossAttentionCase: BenchCase = {
  id: 'xattn',
  title: 'Cross-attention forward (S_Q ≪ S_KV)',
  peers: ['ORT MultiHeadAttention'],
  describe: (size) => describe(SHAPES[size]),
  async run(ctx): Promise<CaseResult> {
    const s: AttentionShape = { ...SHAPES[ctx.size], kvHeads: SHAPES[ctx.size].heads };
    const hidden = s.heads * s.headDim;
    const q = uniformData(ctx, s.sQ * hidden);
    const k = uniformData(ctx, s.sKV * hidden);
    const v = uniformData(ctx, s.sKV * hidden);
    const checks: Check[] = [];
    ctx.progress(0.1, 'ours');
    const ours = await measureOurs(
      ctx.gpu,
      'ours',
      ctx,
      () => planAttention(ctx.gpu, q, k, v, s),
      (p) => ctx.gpu.readF32(p.o, q.length),
    );
    if (ctx.size === 'small') {
      const ref = attentionReference(q, k, v, s).o;
      const c = compareArrays('cross-attention (ours) vs CPU reference', ours.output, ref, { atol: 2e-5, rtol: 1e-5 });
      checks.push(c);
      ours.result.maxAbsError = c.maxAbsError;
    }
    ctx.progress(0.5, 'ONNX Runtime MultiHeadAttention');
    const ort = await measurePeer(
      ctx.peers.ort,
      async (m) => {
        const model = multiHeadAttentionModel({ batch: 1, ...s });
        const r = await m.runOrtModel(
          model,
          [
            { name: 'query', dims: [1, s.sQ, hidden], data: q },
            { name: 'key', dims: [1, s.sKV, hidden], data: k },
            { name: 'value', dims: [1, s.sKV, hidden], data: v },
          ],
          { name: 'output', dims: [1, s.sQ, hidden] },
          ctx,
        );
        const cc = crossCheck('ORT MultiHeadAttention vs ours', r.output, ours.output);
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
      flops: attentionFlops(s),
      // q read and o written once, k and v read once.
      bytes: 4 * (2 * s.sQ * hidden + 2 * s.sKV * hidden),
      impls: [ours.result, ort],
      checks,
    };
  },
};
