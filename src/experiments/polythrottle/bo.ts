// Constrained Bayesian optimisation as PolyThrottle runs it (Gardner et al. 2014): one GP models
// log energy per query, a second GP log latency; the next configuration maximises expected
// improvement (ξ = 0.1) times the probability that the latency meets the SLO, over every
// configuration of the grid not measured yet; 5 random configurations start it. Random search
// draws configurations without replacement. Both only ever see noisy measurements.
import type { Rng } from '../../data/pcg32';
import { UserInputError } from '../types';
import { GaussianProcess, type GpHyper } from './gp';

export interface Measurement {
  energy: number;
  latency: number;
}

/** A finite search space: each candidate's coordinates scaled to [0, 1] (row-major, n × dims). */
export interface SearchSpace {
  size: number;
  dims: number;
  coords: Float64Array;
}

export interface SearchTrace {
  /** Candidate indices in the order they were measured. */
  order: number[];
  measured: Measurement[];
}

export interface BoOptions {
  /** Latency limit, same unit as Measurement.latency. */
  slo: number;
  budget: number;
  initial?: number;
  xi?: number;
  /** Called after every measurement; return false to stop early. */
  onStep?: (trace: SearchTrace) => boolean | void;
}

export const BO_XI = 0.1;
export const BO_INITIAL = 5;
/** Every this many steps the GP hyperparameter search restarts from a neutral guess instead of the last fit. */
export const REFIT_EVERY = 5;

const SQRT2 = Math.SQRT2;
/** Standard normal CDF via erf (Abramowitz–Stegun 7.1.26, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
export const normalPdf = (z: number): number => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);

/** Expected improvement below `best` (minimisation) with exploration margin ξ, all in one unit. */
export function expectedImprovement(mean: number, sd: number, best: number, xi: number): number {
  const gain = best - mean - xi;
  if (sd <= 1e-12) return Math.max(gain, 0);
  const z = gain / sd;
  return gain * normalCdf(z) + sd * normalPdf(z);
}

function checkSearch(space: SearchSpace, budget: number, slo: number): void {
  if (space.size < 1) throw new UserInputError('the search space is empty');
  if (!(slo > 0)) throw new UserInputError(`the latency SLO must be positive, got ${slo}`);
  if (!Number.isInteger(budget) || budget < 1) throw new UserInputError(`the sample budget must be ≥ 1, got ${budget}`);
}

export function randomSearch(
  space: SearchSpace,
  measure: (i: number) => Measurement,
  budget: number,
  rng: Rng,
  slo: number,
): SearchTrace {
  checkSearch(space, budget, slo);
  const perm = rng.shuffle(Array.from({ length: space.size }, (_, i) => i));
  const order = perm.slice(0, Math.min(budget, space.size));
  return { order, measured: order.map(measure) };
}

export function constrainedBo(
  space: SearchSpace,
  measure: (i: number) => Measurement,
  rng: Rng,
  opts: BoOptions,
): SearchTrace {
  const steps = boSteps(space, rng, opts);
  for (let next = steps.next(); !next.done; next = steps.next(measure(next.value)));
  return steps.trace;
}

/** The same search with a measurement that takes time (a real run on this device): one sample at a time. */
export async function constrainedBoAsync(
  space: SearchSpace,
  measure: (i: number) => Promise<Measurement>,
  rng: Rng,
  opts: BoOptions,
): Promise<SearchTrace> {
  const steps = boSteps(space, rng, opts);
  for (let next = steps.next(); !next.done; next = steps.next(await measure(next.value)));
  return steps.trace;
}

interface BoSteps {
  /** Yields the next candidate to measure; resume it with that candidate's measurement. */
  next(m?: Measurement): IteratorResult<number, void>;
  trace: SearchTrace;
}

/** The search as a sequence of requests: which configuration to measure next, given all so far. */
function boSteps(space: SearchSpace, rng: Rng, opts: BoOptions): BoSteps {
  const trace: SearchTrace = { order: [], measured: [] };
  const gen = boGenerator(space, rng, opts, trace);
  let started = false;
  return {
    trace,
    next: (m) => {
      if (!started) {
        started = true;
        return gen.next(undefined as unknown as Measurement);
      }
      return gen.next(m!);
    },
  };
}

function* boGenerator(
  space: SearchSpace,
  rng: Rng,
  opts: BoOptions,
  trace: SearchTrace,
): Generator<number, void, Measurement> {
  checkSearch(space, opts.budget, opts.slo);
  const budget = Math.min(opts.budget, space.size);
  const xi = opts.xi ?? BO_XI;
  const logSlo = Math.log(opts.slo);
  const seen = new Uint8Array(space.size);
  // Measures candidate i (by yielding it) and says whether to go on.
  function* take(i: number): Generator<number, boolean, Measurement> {
    seen[i] = 1;
    const m = yield i;
    trace.order.push(i);
    trace.measured.push(m);
    return opts.onStep?.(trace) !== false;
  }
  const initial = rng.shuffle(Array.from({ length: space.size }, (_, i) => i)).slice(0, opts.initial ?? BO_INITIAL);
  for (const i of initial) if (trace.order.length < budget && !(yield* take(i))) return;
  const { dims, coords } = space;
  let hyperE: GpHyper | undefined;
  let hyperL: GpHyper | undefined;
  for (let step = 0; trace.order.length < budget; step++) {
    // Warm-start the likelihood search from the last fit; every REFIT_EVERY steps start afresh.
    if (step % REFIT_EVERY === 0) hyperE = hyperL = undefined;
    const X = trace.order.map((i) => Array.from(coords.subarray(i * dims, (i + 1) * dims)));
    const gpE = GaussianProcess.fit(
      X,
      trace.measured.map((m) => Math.log(m.energy)),
      hyperE,
    );
    const gpL = GaussianProcess.fit(
      X,
      trace.measured.map((m) => Math.log(m.latency)),
      hyperL,
    );
    hyperE = gpE.hyper;
    hyperL = gpL.hyper;
    // Incumbent: the lowest measured energy among measurements that met the SLO, in GP units.
    let best = Infinity;
    trace.measured.forEach((m) => {
      if (m.latency <= opts.slo) best = Math.min(best, (Math.log(m.energy) - gpE.yMean) / gpE.yScale);
    });
    const pe = gpE.predict(coords);
    const pl = gpL.predict(coords);
    const zSlo = (logSlo - gpL.yMean) / gpL.yScale;
    let argmax = -1;
    let top = -Infinity;
    for (let c = 0; c < space.size; c++) {
      if (seen[c]) continue;
      const pf = normalCdf((zSlo - pl.mean[c]!) / pl.sd[c]!);
      // Before anything feasible is known, look for feasibility alone (Gardner et al. §3).
      const a = Number.isFinite(best) ? expectedImprovement(pe.mean[c]!, pe.sd[c]!, best, xi) * pf : pf;
      if (a > top) {
        top = a;
        argmax = c;
      }
    }
    if (argmax < 0) break;
    if (!(yield* take(argmax))) break;
  }
}

/**
 * The configuration an optimiser would report after each sample: the lowest measured energy among
 * samples whose measured latency met the SLO (−1 while none has).
 */
export function incumbents(trace: SearchTrace, slo: number): number[] {
  const out: number[] = [];
  let best = -1;
  let bestE = Infinity;
  trace.measured.forEach((m, k) => {
    if (m.latency <= slo && m.energy < bestE) {
      bestE = m.energy;
      best = trace.order[k]!;
    }
    out.push(best);
  });
  return out;
}
