// Dispatch sizing shared by every kernel family. WebGPU caps each grid dimension
// (maxComputeWorkgroupsPerDimension, 65535 by default), so 1-D work past the cap is laid out as a
// 2-D grid [x, y] with x ≤ the cap; shaders recover the flat index as wid.x + wid.y · num_workgroups.x
// (or gid.x + gid.y · num_workgroups.x · workgroupSize) and skip the tail.
import { DeviceLimitError } from './errors';
import type { Gpu } from './gpu';

/** The WebGPU default (and minimum guaranteed) maxComputeWorkgroupsPerDimension. */
export const DEFAULT_MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** A 2-D grid holding `groups` workgroups; throws DeviceLimitError naming `what` if even x·x is too few. */
export function workgroupGrid(
  groups: number,
  maxPerDimension = DEFAULT_MAX_WORKGROUPS_PER_DIMENSION,
  what = 'dispatch',
): [number, number] {
  const n = Math.max(1, Math.ceil(groups));
  const x = Math.min(n, maxPerDimension);
  const y = Math.ceil(n / x);
  if (y > maxPerDimension)
    throw new DeviceLimitError('maxComputeWorkgroupsPerDimension', n, maxPerDimension * maxPerDimension, what);
  return [x, y];
}

/** Workgroups covering `items` invocations of a `workgroupSize`-wide kernel, within the default cap. */
export function flatDispatch(items: number, workgroupSize = 64): [number, number] {
  return workgroupGrid(Math.ceil(items / workgroupSize));
}

/** `workgroupGrid` against this device's granted per-dimension limit. */
export function deviceGrid(gpu: Gpu, groups: number, what: string): [number, number] {
  return workgroupGrid(
    groups,
    gpu.info.limits.maxComputeWorkgroupsPerDimension ?? DEFAULT_MAX_WORKGROUPS_PER_DIMENSION,
    what,
  );
}
