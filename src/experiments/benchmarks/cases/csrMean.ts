// CSR mean aggregation (a GNN layer's neighbour averaging) on a seeded R-MAT graph: our CSR SpMM
// kernel vs the usual tfjs formulation, gather(x, neighbours) → unsortedSegmentSum by row →
// × 1/degree, on the same graph and features.
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { Gpu } from '../../../gpu/gpu';
import { generateRmat } from '../../../data/graphs/generators';
import type { Csr } from '../../../data/graphs/csr';
import { bindSpmm } from '../../../kernels/graph';
import { spmmReference } from '../../../kernels/graph/spmm.reference';
import { uploadCsr } from '../../../kernels/graph';
import { BufferSet } from '../../../gpu/resources';
import { compareArrays } from '../../../kernels/compare';
import { measurePeer } from '../peers';
import { crossCheck, measureOurs, uniformData } from '../ours';
import type { BenchCase, BenchSize, CaseResult } from '../types';
import type { Check } from '../../types';

interface GraphShape {
  scale: number;
  edges: number;
  cols: number;
}

const SHAPES: Record<BenchSize, GraphShape> = {
  small: { scale: 9, edges: 2048, cols: 32 },
  // 65,536 nodes, ~1M directed entries after symmetrising, 64 features.
  realistic: { scale: 16, edges: 524288, cols: 64 },
};

const describe = (s: GraphShape, nnz?: number) =>
  `R-MAT n=${2 ** s.scale} edges=${s.edges} (symmetric${nnz === undefined ? '' : `, nnz=${nnz}`}) d=${s.cols}`;

/** Row id of every CSR entry and 1/degree per row (0 for isolated rows), as tfjs needs them. */
function segmentInputs(g: Csr): { rowOfEntry: Int32Array; invDegree: Float32Array } {
  const rowOfEntry = new Int32Array(g.indices.length);
  const invDegree = new Float32Array(g.numNodes);
  for (let r = 0; r < g.numNodes; r++) {
    const start = g.indptr[r]!;
    const end = g.indptr[r + 1]!;
    rowOfEntry.fill(r, start, end);
    invDegree[r] = end > start ? 1 / (end - start) : 0;
  }
  return { rowOfEntry, invDegree };
}

export const csrMeanCase: BenchCase = {
  id: 'csr',
  title: 'CSR mean aggregation (GNN layer)',
  peers: ['tfjs gather + unsortedSegmentSum'],
  describe: (size) => describe(SHAPES[size]),
  async run(ctx): Promise<CaseResult> {
    const s = SHAPES[ctx.size];
    const gpu = ctx.gpu;
    const g = generateRmat({ scale: s.scale, numEdges: s.edges, seed: ctx.rng.nextU32(), symmetric: true });
    const n = g.numNodes;
    const nnz = g.indices.length;
    const x = uniformData(ctx, n * s.cols);
    const checks: Check[] = [];
    ctx.progress(0.1, 'ours');
    const ours = await measureOurs(
      gpu,
      'ours',
      ctx,
      async () => {
        const owned = new BufferSet();
        const csr = uploadCsr(gpu, g, 'bench.csr');
        owned.add(csr.indptr);
        owned.add(csr.indices);
        const out = owned.add(gpu.createBuffer(n * s.cols * 4, 'bench.csr.out'));
        const b = await bindSpmm(gpu, 'mean', csr, null, owned.add(gpu.upload(x, 'bench.csr.x')), out, s.cols, owned);
        b.setRows(n);
        const wg = b.wg();
        gpu.checkWorkgroups(wg, `SpMM over ${n}×${s.cols} outputs`);
        return {
          out,
          encode: (pass: GPUComputePassEncoder) => Gpu.encodeDispatch(pass, b.pipeline, b.group, wg),
          destroy: () => owned.destroy(),
        };
      },
      (p) => gpu.readF32(p.out, n * s.cols),
    );
    if (ctx.size === 'small') {
      const c = compareArrays('CSR mean (ours) vs CPU reference', ours.output, spmmReference(g, x, s.cols, 'mean'), {
        atol: 1e-6,
        rtol: 1e-6,
      });
      checks.push(c);
      ours.result.maxAbsError = c.maxAbsError;
    }
    ctx.progress(0.5, 'tfjs gather + unsortedSegmentSum');
    const tfjs = await measurePeer(
      ctx.peers.tfjs,
      async (m) => {
        const { rowOfEntry, invDegree } = segmentInputs(g);
        const r = await m.runTfjsOp(
          (tf) => [
            tf.tensor2d(x, [n, s.cols]),
            tf.tensor1d(g.indices, 'int32'),
            tf.tensor1d(rowOfEntry, 'int32'),
            tf.tensor2d(invDegree, [n, 1]),
          ],
          (tf, [feat, idx, seg, inv]) =>
            tf.mul(tf.unsortedSegmentSum(tf.gather(feat!, idx!), seg as Tensor1D, n), inv!),
          ctx,
        );
        const cc = crossCheck('tfjs gather + unsortedSegmentSum vs ours', r.output, ours.output);
        checks.push(cc.check);
        return {
          firstRunMs: r.firstRunMs,
          wall: r.wall,
          gpu: r.gpu,
          maxAbsError: cc.maxAbsError,
          note: `gather → unsortedSegmentSum → mul, tfjs ${m.TFJS_VERSION}`,
        };
      },
      ctx.signal,
    );
    return {
      caseId: this.id,
      title: this.title,
      shape: describe(s, nnz),
      // One add per gathered feature value plus the 1/degree scale.
      flops: nnz * s.cols + n * s.cols,
      bytes: 4 * (n + 1 + nnz + nnz * s.cols + n * s.cols),
      impls: [ours.result, tfjs],
      checks,
    };
  },
};
