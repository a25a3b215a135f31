// Opening dawn.node for a CLI run and naming the device in output and CSV headers.
import { describeDevice as describeGpuInfo } from '../src/experiments/csv';
import { createNodeGpu } from '../src/gpu/node';
import type { Gpu } from '../src/gpu/gpu';
import type { GpuInfo } from '../src/gpu/types';

/** Same wording as the UI and CSV headers; 'none' when the run had no GPU. */
export function describeDevice(gpu: Gpu | undefined): string {
  return describeGpuInfo(gpu?.info, 'none');
}

/** The device info written into --json output; null when the run had no GPU. */
export function deviceJson(gpu: Gpu | undefined): (GpuInfo & { isCpuEmulation: boolean }) | null {
  return gpu ? { ...gpu.info, isCpuEmulation: gpu.isCpuEmulation } : null;
}

/** Opens the GPU and registers its teardown, which must run or the process never exits. */
export async function openGpu(onExit: (cleanup: () => void) => void): Promise<Gpu> {
  const gpu = await createNodeGpu();
  onExit(() => gpu.destroy());
  return gpu;
}
