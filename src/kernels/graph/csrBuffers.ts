// A CSR graph resident on the GPU (indptr + indices), uploaded once per run and shared by the
// sampling, SpMM and training kernels.
import type { Gpu } from '../../gpu/gpu';
import type { Csr } from '../../data/graphs/csr';

export interface CsrBuffers {
  numNodes: number;
  nnz: number;
  indptr: GPUBuffer;
  indices: GPUBuffer;
  destroy(): void;
}

export function uploadCsr(gpu: Gpu, g: Csr, label: string): CsrBuffers {
  const indptr = gpu.upload(g.indptr, `${label}.indptr`);
  let indices: GPUBuffer;
  try {
    indices = gpu.upload(g.indices, `${label}.indices`);
  } catch (e) {
    indptr.destroy(); // e.g. indices over the binding limit: do not leak the indptr upload
    throw e;
  }
  return {
    numNodes: g.numNodes,
    nnz: g.indices.length,
    indptr,
    indices,
    destroy: () => {
      indptr.destroy();
      indices.destroy();
    },
  };
}
