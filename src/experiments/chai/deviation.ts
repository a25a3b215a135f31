// The output-deviation proxy: how far CHAI's attention output moves from the baseline's.
// (The paper reports downstream accuracy, which needs a real model; this measures the change
// in the attention output itself.)
import { gatherRepresentativeK, validateClusterMap } from '../../kernels/decode';
import { chaiDecodeAttentionReference } from '../../kernels/decode/decodeAttention.reference';
import type { DecodeBatch } from './syntheticModel';

export interface Deviation {
  /** ‖o_chai − o_base‖₂ / ‖o_base‖₂ over all sequences, heads and columns. */
  relL2: number;
  maxAbs: number;
}

export function outputDeviation(got: ArrayLike<number>, want: ArrayLike<number>): Deviation {
  let diff = 0;
  let norm = 0;
  let maxAbs = 0;
  for (let i = 0; i < want.length; i++) {
    const e = got[i]! - want[i]!;
    diff += e * e;
    norm += want[i]! * want[i]!;
    maxAbs = Math.max(maxAbs, Math.abs(e));
  }
  return { relL2: norm > 0 ? Math.sqrt(diff / norm) : Math.sqrt(diff), maxAbs };
}

export interface ClusteredInputs {
  kRep: Float32Array;
  clusterMap: Int32Array;
  clusters: number;
}

/** What a CHAI layer stores for this batch and map: the representatives' K only. */
export function clusteredInputs(batch: DecodeBatch, clusterMap: Int32Array): ClusteredInputs {
  const clusters = Math.max(...clusterMap) + 1;
  const { representatives } = validateClusterMap(clusterMap, batch.shape.heads, clusters);
  return { kRep: gatherRepresentativeK(batch.k, batch.shape, representatives), clusterMap, clusters };
}

/**
 * CHAI's output for a batch and map, from the f64 CPU reference. It gets the FULL K cache and
 * picks the representatives itself, so it does not share the GPU input's gather.
 */
export function chaiOutputCpu(batch: DecodeBatch, clusterMap: Int32Array): Float64Array {
  return chaiDecodeAttentionReference(batch.q, batch.k, batch.v, clusterMap, batch.shape);
}
