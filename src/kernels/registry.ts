// Kernels exposed to `npm run kernel`. Each experiment's kernels are added here.
import { matmulKernel } from './matmul';
import type { KernelEntry } from './types';

export const kernels: KernelEntry[] = [matmulKernel];

export function findKernel(name: string): KernelEntry | undefined {
  return kernels.find((k) => k.name === name);
}
