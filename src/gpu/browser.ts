// Browser host: navigator.gpu.
import { Gpu } from './gpu';
import { WebGpuUnavailableError } from './errors';

export function hasNavigatorGpu(): boolean {
  return typeof navigator !== 'undefined' && 'gpu' in navigator && Boolean(navigator.gpu);
}

export async function createBrowserGpu(): Promise<Gpu> {
  if (!hasNavigatorGpu()) {
    throw new WebGpuUnavailableError(
      'no-navigator-gpu',
      'This browser does not expose WebGPU (navigator.gpu is missing).',
    );
  }
  return Gpu.create(navigator.gpu, { host: 'browser' });
}
