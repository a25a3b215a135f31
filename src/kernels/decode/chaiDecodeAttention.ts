// CHAI clustered decode attention (Agarwal et al., ICML 2024), f32:
//   q [B, H, d], kRep [B, T, k, d] (only the representatives' K), v [B, T, H, d] (every head's V),
//   clusterMap [H] with ids in [0, k) → o [B, H, d] with
//   o[b, h] = softmax(scale · q[b, rep(c)] · kRep[b, :, c]) · v[b, :, h],  c = clusterMap[h].
// Score rows are computed once per cluster (k of them instead of H) and shared by every head in
// the cluster; each head still weights its own V. Same two passes as the baseline
// (decodeAttention.ts), with S = k score heads.
import type { Gpu } from '../../gpu/gpu';
import { UserInputError } from '../../core';
import { validateClusterMap, type ClusterMapInfo } from './chaiClusterMap';
import {
  decodeScale,
  expectLength,
  planTwoPassDecode,
  runDecodePlan,
  validateDecodeShape,
  type DecodeOptions,
  type DecodePlan,
  type DecodeShape,
} from './decodeAttention';

export interface ChaiInputs {
  q: Float32Array;
  kRep: Float32Array;
  v: Float32Array;
  clusterMap: ArrayLike<number>;
  clusters: number;
}

/** Validates shapes and the map; returns the map's representatives and u32 copy. */
export function validateChaiInputs(x: ChaiInputs, s: DecodeShape, opts: DecodeOptions = {}): ClusterMapInfo {
  const what = 'CHAI decode attention';
  validateDecodeShape(s, what);
  const info = validateClusterMap(x.clusterMap, s.heads, x.clusters, what);
  expectLength(what, 'q', x.q, [
    ['B', s.batch],
    ['H', s.heads],
    ['d', s.headDim],
  ]);
  expectLength(what, 'k_rep', x.kRep, [
    ['B', s.batch],
    ['T', s.context],
    ['k', x.clusters],
    ['d', s.headDim],
  ]);
  expectLength(what, 'v', x.v, [
    ['B', s.batch],
    ['T', s.context],
    ['H', s.heads],
    ['d', s.headDim],
  ]);
  if (opts.scale !== undefined && !Number.isFinite(opts.scale))
    throw new UserInputError(`${what}: scale=${opts.scale} must be a finite number`);
  return info;
}

export async function planChaiDecodeAttention(
  gpu: Gpu,
  x: ChaiInputs,
  shape: DecodeShape,
  opts: DecodeOptions = {},
): Promise<DecodePlan> {
  const info = validateChaiInputs(x, shape, opts);
  return planTwoPassDecode(
    gpu,
    {
      q: x.q,
      kCache: x.kRep,
      v: x.v,
      qHeadOf: info.representatives,
      scoreHeadOf: info.clusterOf,
    },
    shape,
    decodeScale(shape, opts),
    `chai-k${x.clusters}`,
  );
}

export async function chaiDecodeAttention(
  gpu: Gpu,
  x: ChaiInputs,
  shape: DecodeShape,
  opts: DecodeOptions = {},
): Promise<Float32Array> {
  return runDecodePlan(gpu, await planChaiDecodeAttention(gpu, x, shape, opts));
}
