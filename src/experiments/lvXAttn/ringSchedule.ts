// Timeline of a ring algorithm with double buffering: while step t computes, the data for step
// t+1 is in flight, so a step lasts max(compute, communication). Transfers that nothing can
// overlap (the first one before any compute, a final hand-back after the last) are exposed.

export interface RingStep {
  computeMs: number;
  /** Communication overlapped with this step's compute (prefetch for the next step). */
  commMs: number;
}

export interface TimelineSegment {
  lane: string;
  label: string;
  startMs: number;
  endMs: number;
}

export interface RingTimeline {
  totalMs: number;
  computeMs: number;
  /** Communication time not hidden behind compute. */
  exposedCommMs: number;
  segments: TimelineSegment[];
}

export function ringTimeline(
  steps: RingStep[],
  opts: { leadingMs?: number; trailingMs?: number; lanePrefix?: string } = {},
): RingTimeline {
  const lane = (k: string) => `${opts.lanePrefix ?? ''}${k}`;
  const segments: TimelineSegment[] = [];
  let t = 0;
  const lead = opts.leadingMs ?? 0;
  if (lead > 0) {
    segments.push({ lane: lane('communication'), label: 'first transfer (exposed)', startMs: 0, endMs: lead });
    t = lead;
  }
  let compute = 0;
  steps.forEach((s, i) => {
    if (s.computeMs > 0)
      segments.push({ lane: lane('compute'), label: `step ${i}`, startMs: t, endMs: t + s.computeMs });
    if (s.commMs > 0)
      segments.push({ lane: lane('communication'), label: `send for step ${i + 1}`, startMs: t, endMs: t + s.commMs });
    compute += s.computeMs;
    t += Math.max(s.computeMs, s.commMs);
  });
  const trail = opts.trailingMs ?? 0;
  if (trail > 0) {
    segments.push({ lane: lane('communication'), label: 'final hand-back (exposed)', startMs: t, endMs: t + trail });
    t += trail;
  }
  return { totalMs: t, computeMs: compute, exposedCommMs: t - compute, segments };
}
