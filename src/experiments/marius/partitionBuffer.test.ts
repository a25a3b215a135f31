// The partition-buffer epoch simulation on a simulated disk: prefetch, write-back and timelines.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../data/pcg32';
import { betaOrdering, betaSwapFormula } from './orderings';
import { simulateEpoch, type EpochInput } from './partitionBuffer';
import { transferMs, type DiskModel } from './disk';

const disk: DiskModel = { id: 't', name: 'test', bandwidthMBs: 100, latencyMs: 0 };
const MB = 1e6;

function input(over: Partial<EpochInput>, computeMs: number): EpochInput {
  const ordering = betaOrdering(8, 3, createRng(1));
  const states = betaSwapFormula(8, 3) + 1;
  return {
    ordering,
    partitionBytes: 10 * MB,
    extraReadBytes: new Float64Array(states),
    computeMs: new Float64Array(states).fill(computeMs),
    disk,
    prefetch: true,
    asyncWriteback: true,
    dirty: false,
    ...over,
  };
}

describe('partition buffer epoch simulation', () => {
  it('counts reads: the initial buffer plus one partition per BETA swap', () => {
    const r = simulateEpoch(input({}, 1));
    const swaps = betaSwapFormula(8, 3);
    expect(r.partitionsRead).toBe(3 + swaps);
    expect(r.readBytes).toBe((3 + swaps) * 10 * MB);
    expect(r.writeBytes).toBe(0);
  });
  it('IO-bound with prefetch: epoch ≈ all reads back to back; compute-bound: ≈ load + all compute', () => {
    const swaps = betaSwapFormula(8, 3);
    const readMs = transferMs(disk, 10 * MB); // 100 ms per partition
    const io = simulateEpoch(input({}, 1));
    expect(io.epochMs).toBeCloseTo(3 * readMs + swaps * readMs + 1, 6);
    const cpu = simulateEpoch(input({}, 1000));
    expect(cpu.epochMs).toBeCloseTo(3 * readMs + (swaps + 1) * 1000, 6);
    expect(cpu.stallMs).toBeCloseTo(3 * readMs, 6);
  });
  it('without prefetch IO and compute add up; dirty partitions add write-back traffic', () => {
    const swaps = betaSwapFormula(8, 3);
    const readMs = transferMs(disk, 10 * MB);
    const serial = simulateEpoch(input({ prefetch: false }, 50));
    expect(serial.epochMs).toBeCloseTo(3 * readMs + swaps * readMs + (swaps + 1) * 50, 6);
    const dirty = simulateEpoch(input({ dirty: true }, 50));
    expect(dirty.writeBytes).toBe((swaps + 3) * 10 * MB);
    const sync = simulateEpoch(input({ dirty: true, asyncWriteback: false, prefetch: false }, 50));
    expect(sync.epochMs).toBeGreaterThan(dirty.epochMs);
  });
});
