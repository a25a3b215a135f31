// Matmul in transformer shapes: a prefill projection (GEMM, compute-bound) and a decode-step
// GEMV (M = 1, memory-bound: every weight read once for 2 FLOPs). Ours (the autotuned GEMM, or the
// GEMV kernel for M ≤ 4) vs tfjs-backend-webgpu matMul and ONNX Runtime Web MatMul on the same A
// and B; the GEMM case also times our earlier 64×64 tiled kernel as a baseline row.
import {
  matmulBytes,
  matmulFlops,
  planMatmul,
  planMatmulTiled,
  type MatmulPlan,
  type MatmulShape,
} from '../../../kernels/matmul';
import { matmulReference } from '../../../kernels/matmul/matmul.reference';
import { compareArrays } from '../../../kernels/compare';
import { matmulModel } from '../harness/onnx/onnxModel';
import { measurePeer } from '../peers';
import { crossCheck, measureOurs, uniformData } from '../ours';
import type { BenchCase, BenchSize, CaseResult, ImplResult } from '../types';
import type { Check } from '../../types';

const describe = (s: MatmulShape) => `M=${s.M} K=${s.K} N=${s.N}`;

/** How our row was produced: the kernel, and for the GEMM what the autotune did on first use. */
function kernelNote(p: MatmulPlan): string {
  const t = p.tuning;
  if (!t) return p.kernel === 'gemv' ? 'GEMV kernel (M ≤ 4)' : p.kernel;
  const how =
    t.source === 'tuned'
      ? `autotuned in the first run over ${t.timings!.length} configurations (fastest of 3 reps each)`
      : t.source === 'memory'
        ? 'configuration tuned earlier in this page'
        : 'configuration from the passed-in tuning cache';
  return `GEMM ${t.config.id} (rows×cols per thread / workgroup / K slab); ${how}`;
}

function matmulCase(
  id: string,
  title: string,
  shapes: Record<BenchSize, MatmulShape>,
  withBaseline: boolean,
): BenchCase {
  return {
    id,
    title,
    peers: ['tfjs matMul', 'ORT MatMul'],
    describe: (size) => describe(shapes[size]),
    async run(ctx): Promise<CaseResult> {
      const s = shapes[ctx.size];
      const a = uniformData(ctx, s.M * s.K);
      const b = uniformData(ctx, s.K * s.N);
      const checks: Check[] = [];
      ctx.progress(0.1, 'ours');
      let note = '';
      const ours = await measureOurs(
        ctx.gpu,
        'ours',
        ctx,
        () => planMatmul(ctx.gpu, a, b, s),
        (p) => {
          note = kernelNote(p);
          return p.read();
        },
      );
      ours.result.note = note;
      if (ctx.size === 'small') {
        const c = compareArrays(`${id} (ours) vs CPU reference`, ours.output, matmulReference(a, b, s.M, s.N, s.K), {
          atol: 1e-5,
          rtol: 1e-5,
        });
        checks.push(c);
        ours.result.maxAbsError = c.maxAbsError;
      }
      const baseline: ImplResult[] = [];
      if (withBaseline) {
        ctx.progress(0.25, 'our earlier tiled kernel');
        const prev = await measureOurs(
          ctx.gpu,
          'ours, earlier tiled kernel',
          ctx,
          () => planMatmulTiled(ctx.gpu, a, b, s),
          (p) => p.read(),
        );
        const cc = crossCheck(`earlier tiled kernel (${id}) vs ours`, prev.output, ours.output);
        checks.push(cc.check);
        baseline.push({
          ...prev.result,
          role: 'baseline',
          maxAbsError: cc.maxAbsError,
          note: '64×64 tiles of scalar loads, 4×4 per thread, two barriers per 16-deep K slab (before the GEMM)',
        });
      }
      ctx.progress(0.4, 'tfjs matMul');
      const tfjs = await measurePeer(
        ctx.peers.tfjs,
        async (m) => {
          const r = await m.runTfjsOp(
            (tf) => [tf.tensor2d(a, [s.M, s.K]), tf.tensor2d(b, [s.K, s.N])],
            (tf, [x, y]) => tf.matMul(x!, y!),
            ctx,
          );
          const cc = crossCheck(`tfjs matMul (${id}) vs ours`, r.output, ours.output);
          checks.push(cc.check);
          return {
            firstRunMs: r.firstRunMs,
            wall: r.wall,
            gpu: r.gpu,
            maxAbsError: cc.maxAbsError,
            note: `tf.matMul, tfjs ${m.TFJS_VERSION}`,
          };
        },
        ctx.signal,
      );
      ctx.progress(0.7, 'ONNX Runtime MatMul');
      const ort = await measurePeer(
        ctx.peers.ort,
        async (m) => {
          const r = await m.runOrtModel(
            matmulModel(s.M, s.K, s.N),
            [
              { name: 'A', dims: [s.M, s.K], data: a },
              { name: 'B', dims: [s.K, s.N], data: b },
            ],
            { name: 'Y', dims: [s.M, s.N] },
            ctx,
          );
          const cc = crossCheck(`ORT MatMul (${id}) vs ours`, r.output, ours.output);
          checks.push(cc.check);
          return {
            firstRunMs: r.firstRunMs,
            wall: r.wall,
            maxAbsError: cc.maxAbsError,
            note: `MatMul (opset 17), onnxruntime-web ${m.ORT_VERSION}`,
          };
        },
        ctx.signal,
      );
      return {
        caseId: id,
        title,
        shape: describe(s),
        flops: matmulFlops(s),
        bytes: matmulBytes(s),
        impls: [ours.result, ...baseline, tfjs, ort],
        checks,
      };
    },
  };
}

export const gemmCase = matmulCase(
  'matmul',
  'Matmul, prefill projection (GEMM)',
  {
    // Awkward: M is not a multiple of the 64-row tile.
    small: { M: 72, K: 192, N: 128 },
    // 2048 tokens through a 4096 → 4096 projection (Llama-7B-sized): 68.7 GFLOP.
    realistic: { M: 2048, K: 4096, N: 4096 },
  },
  true,
);

export const gemvCase = matmulCase(
  'gemv',
  'Matmul, decode step (GEMV, M = 1)',
  {
    small: { M: 1, K: 512, N: 384 },
    // One token through a 4096 → 14336 MLP up-projection (Llama-3-8B-sized): 235 MB of weights.
    realistic: { M: 1, K: 4096, N: 14336 },
  },
  false,
);
