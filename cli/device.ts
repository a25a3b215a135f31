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

/**
 * Environment variable naming the adapter when no --adapter is given (the kernel CLI and the GPU
 * kit use it): the adapter whose name contains its text.
 */
export const ADAPTER_ENV = 'WORKBENCH_ADAPTER';

/** The adapter asked for: the --adapter value, else $WORKBENCH_ADAPTER, else none (Dawn's choice). */
export function adapterChoice(option: string | undefined): string | undefined {
  return option || process.env[ADAPTER_ENV] || undefined;
}

/**
 * Opens the GPU and registers its teardown, which must run or the process never exits. `adapter`
 * picks the adapter whose name contains it (default: $WORKBENCH_ADAPTER, else SwiftShader where
 * chromium's ICD is installed and VK_ICD_FILENAMES is unset, else Dawn's choice).
 */
export async function openGpu(onExit: (cleanup: () => void) => void, adapter?: string): Promise<Gpu> {
  const gpu = await createNodeGpu({ adapter: adapterChoice(adapter), defaultToSwiftShader: true });
  onExit(() => gpu.destroy());
  return gpu;
}
