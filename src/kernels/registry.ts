// Kernels exposed to `npm run kernel`. Each experiment's kernels are added here.
import { matmulKernel } from './matmul';
import { attentionKernel, attentionMaskedKernel, lvXAttnKernel, ringAttentionKernel } from './attentionCli';
import { chaiDecodeAttentionKernel, decodeAttentionKernel } from './decodeAttentionCli';
import { ivfSearchKernel, kmeansKernel, knnKernel } from './ivfCli';
import { sampleNeighborsKernel, spmmMeanKernel, spmmSumKernel } from './graphCli';
import type { KernelEntry } from './types';

export const kernels: KernelEntry[] = [matmulKernel, attentionKernel, attentionMaskedKernel, lvXAttnKernel, ringAttentionKernel, decodeAttentionKernel, chaiDecodeAttentionKernel, knnKernel, kmeansKernel, ivfSearchKernel, spmmMeanKernel, spmmSumKernel, sampleNeighborsKernel];

export function findKernel(name: string): KernelEntry | undefined {
  return kernels.find((k) => k.name === name);
}
