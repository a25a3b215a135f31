// Request arrival traces for the fine-tuning experiment: Uniform (evenly spaced), Poisson
// (exponential gaps) and a bursty trace standing in for the paper's Twitter minute, which is not
// published: a two-state Markov-modulated Poisson process whose burst state runs at 2× and quiet
// state at 0.5× the mean rate, with mean dwell 1 s and 2 s (so the long-run rate is the mean rate).
// A user's own trace can be read from a text or CSV file of arrival times in seconds.
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../types';

export type TraceKind = 'uniform' | 'poisson' | 'bursty';
export const TRACE_KINDS: readonly TraceKind[] = ['uniform', 'poisson', 'bursty'];

export const BURST = { highRate: 2, lowRate: 0.5, highDwellS: 1, lowDwellS: 2 } as const;

function checkRate(rate: number, durationS: number): void {
  if (!(rate > 0)) throw new UserInputError(`the request rate must be positive, got ${rate} req/s`);
  if (!(durationS > 0)) throw new UserInputError(`the trace duration must be positive, got ${durationS} s`);
}

/** Arrival times in seconds, ascending, all in [0, durationS). */
export function generateTrace(kind: TraceKind, rate: number, durationS: number, rng: Rng): number[] {
  checkRate(rate, durationS);
  const out: number[] = [];
  if (kind === 'uniform') {
    for (let t = 0.5 / rate; t < durationS; t += 1 / rate) out.push(t);
  } else if (kind === 'poisson') {
    for (let t = -Math.log(1 - rng.nextFloat()) / rate; t < durationS; t += -Math.log(1 - rng.nextFloat()) / rate)
      out.push(t);
  } else {
    let t = 0;
    let high = rng.nextFloat() < BURST.highDwellS / (BURST.highDwellS + BURST.lowDwellS);
    let switchAt = -Math.log(1 - rng.nextFloat()) * (high ? BURST.highDwellS : BURST.lowDwellS);
    while (t < durationS) {
      const r = rate * (high ? BURST.highRate : BURST.lowRate);
      const next = t - Math.log(1 - rng.nextFloat()) / r;
      if (next >= switchAt) {
        // Memoryless: restart the draw at the switch with the new state's rate.
        t = switchAt;
        high = !high;
        switchAt = t - Math.log(1 - rng.nextFloat()) * (high ? BURST.highDwellS : BURST.lowDwellS);
        continue;
      }
      t = next;
      if (t < durationS) out.push(t);
    }
  }
  return checkTrace(out);
}

export function checkTrace(arrivals: number[]): number[] {
  if (arrivals.length === 0)
    throw new UserInputError(
      'the arrival trace is empty: raise the request rate or the duration, or load a trace with requests',
    );
  return arrivals;
}

/** Arrival times (s) from text: the first number of every line; lines without one (headers) are skipped. */
export function parseTrace(text: string): number[] {
  const out: number[] = [];
  for (const line of text.split(/\r?\n/)) {
    const first = line.split(/[,;\t ]+/).find((c) => c.trim() !== '');
    if (first === undefined) continue;
    const v = Number(first);
    if (!Number.isFinite(v)) continue;
    if (v < 0) throw new UserInputError(`arrival times must be ≥ 0 s; the trace has ${v}`);
    out.push(v);
  }
  out.sort((a, b) => a - b);
  return checkTrace(out);
}
