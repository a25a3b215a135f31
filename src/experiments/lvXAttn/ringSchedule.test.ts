import { describe, expect, it } from 'vitest';
import { ringTimeline } from './ringSchedule';
import { gpuCount, ringBottleneck, ringHops } from './topology';
import { findLink, transferMs } from '../../sim/links';
import { findGpuModel } from '../../sim/hardware';

describe('ring timeline', () => {
  it('hides communication shorter than compute and exposes the rest', () => {
    const hidden = ringTimeline([
      { computeMs: 2, commMs: 1 },
      { computeMs: 2, commMs: 1 },
      { computeMs: 2, commMs: 0 },
    ]);
    expect(hidden.totalMs).toBe(6);
    expect(hidden.exposedCommMs).toBe(0);
    const bound = ringTimeline(
      [
        { computeMs: 1, commMs: 5 },
        { computeMs: 1, commMs: 0 },
      ],
      { leadingMs: 0.5, trailingMs: 2 },
    );
    expect(bound.totalMs).toBe(0.5 + 5 + 1 + 2);
    expect(bound.exposedCommMs).toBe(bound.totalMs - 2);
    expect(bound.segments.filter((s) => s.lane === 'communication')).toHaveLength(3);
  });
});

describe('cluster topology', () => {
  const c = {
    gpu: findGpuModel('a100-80gb')!,
    nodes: 4,
    gpusPerNode: 4,
    intraNode: findLink('nvlink3')!,
    interNode: findLink('ib-200')!,
  };
  it('a multi-node ring is bounded by the inter-node link', () => {
    expect(gpuCount(c)).toBe(16);
    expect(ringBottleneck(c).id).toBe('ib-200');
    expect(ringBottleneck({ ...c, nodes: 1 }).id).toBe('nvlink3');
    expect(ringHops(c).filter((h) => h === 'inter')).toHaveLength(4);
  });
  it('transfer time follows latency + bytes / bandwidth', () => {
    expect(transferMs(findLink('ib-200')!, 25e6)).toBeCloseTo(0.01 + 1, 9);
    expect(transferMs(findLink('ib-200')!, 0)).toBe(0);
  });
});
