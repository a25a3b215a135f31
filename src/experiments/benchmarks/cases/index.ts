// The benchmark cases, in display order. Each is a self-contained module; add a case by adding
// its import and one element here (its id becomes a bool parameter automatically).
import type { BenchCase } from '../types';
import { crossAttentionCase } from './crossAttention';
import { decodeAttentionCase } from './decodeAttention';
import { gemmCase, gemvCase } from './matmul';
import { topk10Case, topk100Case } from './topk';
import { csrMeanCase } from './csrMean';
import { ivfSearchCase } from './ivfSearch';
import { llamaDecodeCase } from './llamaDecode';

export const BENCH_CASES: readonly BenchCase[] = [
  crossAttentionCase,
  decodeAttentionCase,
  gemmCase,
  gemvCase,
  topk10Case,
  topk100Case,
  csrMeanCase,
  ivfSearchCase,
  llamaDecodeCase,
];
