import { describe, expect, it } from 'vitest';
import { decodeBandwidthFractions } from './decodeBandwidth';

describe('decode weight-bandwidth fraction from the bench tables', () => {
  const roof = {
    rows: [
      { probe: 'f32 FMA', rate: 900 },
      { probe: 'copy', rate: 40 },
    ],
  };
  it('divides each llama row’s weight GB/s by the probed copy bandwidth, skipping other cases and failures', () => {
    const results = {
      rows: [
        { case: 'llama', impl: 'ours (f32 weights)', status: 'ok', gbs: 30 },
        { case: 'llama', impl: 'ours (f16 weights)', status: 'ok', gbs: 10 },
        { case: 'llama', impl: 'broken', status: 'failed: x', gbs: null },
        { case: 'gemv', impl: 'ours', status: 'ok', gbs: 39 },
      ],
    };
    expect(decodeBandwidthFractions(results, roof)).toEqual([
      { impl: 'ours (f32 weights)', weightGBs: 30, copyGBs: 40, fraction: 0.75 },
      { impl: 'ours (f16 weights)', weightGBs: 10, copyGBs: 40, fraction: 0.25 },
    ]);
  });
  it('gives nothing without a copy probe', () => {
    expect(decodeBandwidthFractions({ rows: [{ case: 'llama', status: 'ok', gbs: 1 }] }, undefined)).toEqual([]);
  });
});
