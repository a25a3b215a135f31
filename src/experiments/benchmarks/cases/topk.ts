// Per-row top-k (k = 10 and 100) over a block of distances, the selection step of k-NN and IVF
// search: our workgroup selection kernel vs tfjs topk. Ours keeps the k smallest; tfjs keeps the
// k largest, so tfjs gets the negated block and its values are negated back for the cross-check.
import { planTopkRows, topkRowsPipeline } from '../../../kernels/vector';
import { rowTopKReference } from '../../../kernels/vector/topk.reference';
import { compareArrays } from '../../../kernels/compare';
import { measurePeer } from '../peers';
import { crossCheck, measureOurs, uniformData } from '../ours';
import type { BenchCase, BenchSize, CaseResult } from '../types';
import type { Check } from '../../types';

interface TopkShape {
  rows: number;
  n: number;
}

const SHAPES: Record<BenchSize, TopkShape> = {
  small: { rows: 24, n: 1000 },
  // 1024 queries × 64k candidates: 256 MiB of distances.
  realistic: { rows: 1024, n: 65536 },
};

const describe = (s: TopkShape, k: number) => `rows=${s.rows} n=${s.n} k=${k}`;

function countMismatches(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let bad = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) bad++;
  return bad;
}

function topkCase(k: number): BenchCase {
  const id = `topk${k}`;
  const title = `Top-k over rows (k = ${k})`;
  return {
    id,
    title,
    peers: ['tfjs topk'],
    describe: (size) => describe(SHAPES[size], k),
    async run(ctx): Promise<CaseResult> {
      const { rows, n } = SHAPES[ctx.size];
      const gpu = ctx.gpu;
      const dist = uniformData(ctx, rows * n);
      const checks: Check[] = [];
      ctx.progress(0.1, 'ours');
      const ours = await measureOurs(
        gpu,
        'ours',
        ctx,
        async () => {
          const pipeline = await topkRowsPipeline(gpu);
          const bufs = {
            dist: gpu.upload(dist, 'bench.topk.dist'),
            ids: gpu.createBuffer(rows * k * 4, 'bench.topk.ids'),
            dists: gpu.createBuffer(rows * k * 4, 'bench.topk.dists'),
          };
          const plan = planTopkRows(gpu, pipeline, bufs, { rows, n, k, rowOffset: 0 });
          return {
            bufs,
            encode: (pass: GPUComputePassEncoder) => plan.encode(pass),
            destroy: () => {
              plan.destroy();
              for (const b of Object.values(bufs)) b.destroy();
            },
          };
        },
        async (p) => ({
          ids: await gpu.readI32(p.bufs.ids, rows * k),
          dist: await gpu.readF32(p.bufs.dists, rows * k),
        }),
      );
      if (ctx.size === 'small') {
        const ref = rowTopKReference(dist, rows, n, k);
        const c = compareArrays(`top-${k} distances (ours) vs CPU reference`, ours.output.dist, ref.dist, {
          atol: 0,
          rtol: 0,
        });
        const wrongIds = countMismatches(ours.output.ids, ref.ids);
        checks.push(wrongIds ? { ...c, passed: false, detail: `${wrongIds} ids differ from the reference` } : c);
        ours.result.maxAbsError = c.maxAbsError;
      }
      ctx.progress(0.5, 'tfjs topk');
      const tfjs = await measurePeer(
        ctx.peers.tfjs,
        async (m) => {
          const negated = dist.map((x) => -x);
          const r = await m.runTfjsOp(
            (tf) => [tf.tensor2d(negated, [rows, n])],
            (tf, [x]) => {
              const t = tf.topk(x!, k, true);
              return [t.values, t.indices];
            },
            ctx,
          );
          const cc = crossCheck(
            `tfjs topk (k=${k}) vs ours`,
            r.output.map((x) => -x),
            ours.output.dist,
          );
          const wrongIds = r.output2 ? countMismatches(r.output2, ours.output.ids) : 0;
          checks.push(
            wrongIds
              ? { ...cc.check, passed: false, detail: `${wrongIds} of ${rows * k} ids differ from ours` }
              : cc.check,
          );
          return {
            firstRunMs: r.firstRunMs,
            wall: r.wall,
            gpu: r.gpu,
            maxAbsError: cc.maxAbsError,
            note: `tf.topk (sorted), tfjs ${m.TFJS_VERSION}; ids differing from ours: ${wrongIds}`,
          };
        },
        ctx.signal,
      );
      return {
        caseId: id,
        title,
        shape: describe({ rows, n }, k),
        flops: 0,
        bytes: 4 * rows * n + 8 * rows * k,
        impls: [ours.result, tfjs],
        checks,
      };
    },
  };
}

export const topk10Case = topkCase(10);
export const topk100Case = topkCase(100);
