// Bookkeeping of the benchmarks: rates, roof fractions, like-for-like ratios, targets, and the
// rows the results table is made of. Hand-computed numbers; no GPU.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../gpu/timing';
import {
  boundBy,
  geomean,
  primaryTiming,
  rate,
  ratioRows,
  ratios,
  resultRows,
  roofMs,
  roofPercent,
  speedup,
} from './metrics';
import { RESULT_COLUMNS } from './tables';
import type { CaseResult } from './types';

const ts = (...ms: number[]) => summarize(ms, 'timestamp-query');
const wall = (...ms: number[]) => summarize(ms, 'wall-clock');
const roof = { fmaGflops: 1000, copyGBs: 100 };

describe('rates and the roof', () => {
  it('converts work per repetition and milliseconds into GFLOP/s or GB/s', () => {
    expect(rate(2e9, 4)).toBeCloseTo(500, 9); // 2 GFLOP in 4 ms
    expect(rate(0, 4)).toBeNull(); // top-k has no FLOPs: no GFLOP/s
    expect(rate(1e6, 0)).toBeNull();
  });

  it('takes the binding side of the roofline and the share of it reached', () => {
    // 1 GFLOP at 1000 GFLOP/s = 1 ms; 10 MB at 100 GB/s = 0.1 ms: compute-bound, 1 ms.
    expect(roofMs(1e9, 1e7, roof)).toBeCloseTo(1, 12);
    expect(boundBy(1e9, 1e7, roof)).toBe('compute');
    expect(roofPercent(1e9, 1e7, 4, roof)).toBeCloseTo(25, 9);
    // GEMV-like: 2 FLOP per 4 bytes is memory-bound.
    expect(boundBy(2e6, 4e6, roof)).toBe('memory');
    expect(roofPercent(2e6, 4e6, 0.08, roof)).toBeCloseTo(50, 9); // 4 MB / 100 GB/s = 0.04 ms
  });

  it('compares medians: > 1 means ours is faster; absent timings give no ratio', () => {
    expect(speedup(wall(2, 2, 9), wall(5, 6, 1))).toBeCloseTo(5 / 2, 12);
    expect(speedup(undefined, wall(1))).toBeNull();
    expect(geomean([2, 8])).toBeCloseTo(4, 12);
    expect(geomean([NaN, 4])).toBeCloseTo(4, 12);
    expect(geomean([])).toBeNull();
  });

  it('prefers GPU timestamps over wall clock as the primary timing', () => {
    expect(primaryTiming({ impl: 'x', role: 'ours', status: 'ok', gpu: ts(1), wall: wall(2) })!.method).toBe(
      'timestamp-query',
    );
    expect(primaryTiming({ impl: 'x', role: 'peer', status: 'ok', wall: wall(2) })!.method).toBe('wall-clock');
  });
});

const matmulCase: CaseResult = {
  caseId: 'matmul',
  title: 'Matmul',
  shape: 'M=2 K=2 N=2',
  flops: 2e9,
  bytes: 1e6,
  checks: [],
  impls: [
    {
      impl: 'ours',
      role: 'ours',
      status: 'ok',
      firstRunMs: 50,
      gpu: ts(4, 4, 5),
      wall: wall(5, 5, 6),
      maxAbsError: 1e-6,
    },
    { impl: 'tfjs WebGPU', role: 'peer', status: 'ok', gpu: ts(2, 2, 3), wall: wall(2.5, 2.5, 9), maxAbsError: 0 },
    { impl: 'ORT WebGPU', role: 'peer', status: 'peer failed: no adapter' },
  ],
};
const xattnCase: CaseResult = {
  caseId: 'xattn',
  title: 'Cross-attention',
  shape: 's',
  flops: 1e9,
  bytes: 1e6,
  checks: [],
  impls: [
    { impl: 'ours', role: 'ours', status: 'ok', gpu: ts(1), wall: wall(1) },
    { impl: 'ORT WebGPU', role: 'peer', status: 'ok', wall: wall(2) },
  ],
};

describe('result rows', () => {
  const rows = resultRows([matmulCase], roof);
  const col = (row: number, key: string) => rows[row]![RESULT_COLUMNS.findIndex((c) => c.key === key)];

  it('has one row per implementation, in the column order of the table', () => {
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(r).toHaveLength(RESULT_COLUMNS.length);
    expect(rows.map((_, i) => col(i, 'impl'))).toEqual(['ours', 'tfjs WebGPU', 'ORT WebGPU']);
  });

  it('derives throughput and roof share from the primary (timestamp) median', () => {
    expect(col(0, 'method')).toBe('timestamp-query');
    expect(col(0, 'medianMs')).toBe(4);
    expect(col(0, 'wallMedianMs')).toBe(5);
    expect(col(0, 'gflops')).toBeCloseTo(500, 9);
    expect(col(0, 'roofPct')).toBeCloseTo(50, 9); // roof: 2 ms of compute
    expect(col(0, 'bound')).toBe('compute');
  });

  it('puts like-for-like speedups on peer rows only', () => {
    expect(col(0, 'speedupWall')).toBeNull();
    expect(col(1, 'speedupWall')).toBeCloseTo(2.5 / 5, 12);
    expect(col(1, 'speedupGpu')).toBeCloseTo(2 / 4, 12);
  });

  it('keeps a failed peer as a row with its status and no numbers', () => {
    expect(col(2, 'status')).toBe('peer failed: no adapter');
    for (const k of ['medianMs', 'gflops', 'roofPct', 'speedupWall']) expect(col(2, k)).toBeNull();
  });
});

describe('ratios against the issue targets', () => {
  it('lists every peer that produced numbers and says whether the target is met', () => {
    const rs = ratios([matmulCase, xattnCase]);
    expect(rs.map((r) => `${r.caseId}/${r.versus}`)).toEqual(['matmul/tfjs WebGPU', 'xattn/ORT WebGPU']);
    const rows = ratioRows(rs);
    // matmul vs tfjs: GPU timestamps 0.5× < 1× target → no.
    expect(rows[0]).toEqual(['matmul', 'tfjs WebGPU', 0.5, 0.5, '≥ 1×', 'no']);
    // xattn vs ORT: wall 2× ≥ 1.5× → yes.
    expect(rows[1]).toEqual(['xattn', 'ORT WebGPU', 2, null, '≥ 1.5×', 'yes']);
  });
});
