// Kernels exposed to `npm run kernel`. Each experiment's kernels are added here.
import { matmulKernel } from './matmul/cli';
import { attentionKernel, attentionMaskedKernel } from './attention/cli';
import { lvXAttnKernel, ringAttentionKernel } from './ring/cli';
import { chaiDecodeAttentionKernel, decodeAttentionKernel } from './decode/cli';
import { ivfSearchKernel, kmeansKernel, knnKernel } from './vector/cli';
import { sampleNeighborsKernel, spmmMeanKernel, spmmSumKernel } from './graph/cli';
import { llamaGenerateKernel, llamaLogitsKernel, speculativeGenerateKernel } from './llm/cli';
import { quantizeRoundtripKernel, randkCompressKernel, topkCompressKernel } from './compression/cli';
import { embeddingBagBackwardKernel, embeddingBagKernel, exclusiveScanKernel } from './recsys/cli';
import type { KernelEntry } from './types';

export const kernels: KernelEntry[] = [
  matmulKernel,
  attentionKernel,
  attentionMaskedKernel,
  lvXAttnKernel,
  ringAttentionKernel,
  decodeAttentionKernel,
  chaiDecodeAttentionKernel,
  knnKernel,
  kmeansKernel,
  ivfSearchKernel,
  spmmMeanKernel,
  spmmSumKernel,
  sampleNeighborsKernel,
  llamaLogitsKernel,
  llamaGenerateKernel,
  speculativeGenerateKernel,
  quantizeRoundtripKernel,
  topkCompressKernel,
  randkCompressKernel,
  embeddingBagKernel,
  embeddingBagBackwardKernel,
  exclusiveScanKernel,
];

export function findKernel(name: string): KernelEntry | undefined {
  return kernels.find((k) => k.name === name);
}
