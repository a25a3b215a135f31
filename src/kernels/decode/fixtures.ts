// Seeded uniform(-1, 1) inputs for decode-attention tests and timings.
import { createRng } from '../../data/pcg32';
import type { DecodeShape } from './decodeAttention';

export function randomDecodeInputs(
  seed: number,
  s: DecodeShape,
): { q: Float32Array; k: Float32Array; v: Float32Array } {
  const rng = createRng(seed);
  const fill = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  return {
    q: fill(s.batch * s.heads * s.headDim),
    k: fill(s.batch * s.context * s.heads * s.headDim),
    v: fill(s.batch * s.context * s.heads * s.headDim),
  };
}
