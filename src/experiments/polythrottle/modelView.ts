// The live view: the simulated devices (paper vs model, Fig. 2 and 3 analogues, CPU sweep) and
// fine-tuning beside inference, recomputed on every slider move; plus the search trajectory of
// the last Run for the same tuning problem, if there was one (one seed's Bayesian optimisation
// takes from a few to several hundred milliseconds, too slow to redo live, so Run caches it).
import { createRng } from '../../data/pcg32';
import { mergeResults } from '../mergeResults';
import type { ParamValues, RunResult } from '../types';
import { deviceResult } from './deviceView';
import { runFinetune, type FinetuneResult } from './finetune';
import { finetuneResult } from './finetuneView';
import { polythrottleReproductions, schedulerReproductions } from './reproductions';
import { settingsFrom, type Settings } from './params';
import { buildProblem, type Problem, type ProblemSpec } from './problem';
import type { SeedResult } from './study';
import { trajectoryChart, trajectoryTable } from './studyView';

/** Seed used by the live view for traces and the predictor's profiling noise (a Run uses its own). */
export const LIVE_SEED = 7;

const problems = new Map<string, Problem>();
const trajectories = new Map<string, SeedResult>();
const keyOf = (spec: ProblemSpec) => JSON.stringify(spec);

/** Building a problem evaluates every grid configuration; keep the last few. */
export function problemFor(spec: ProblemSpec): Problem {
  const key = keyOf(spec);
  let p = problems.get(key);
  if (!p) {
    p = buildProblem(spec);
    problems.set(key, p);
    if (problems.size > 8) problems.delete(problems.keys().next().value!);
  }
  return p;
}

export function rememberTrajectory(spec: ProblemSpec, seed: SeedResult): void {
  trajectories.set(keyOf(spec), seed);
  if (trajectories.size > 16) trajectories.delete(trajectories.keys().next().value!);
}

/** The fine-tuning replays of the last few settings: moving a slider of the search alone reuses them. */
const finetunes = new Map<string, FinetuneResult>();
function finetuneFor(s: Settings, problem: Problem, seed: number, userTrace?: number[]): FinetuneResult {
  const run = () =>
    runFinetune(problem.model, s.replay, s.rate, s.durationS, s.problem.noise, createRng(seed), userTrace);
  if (userTrace) return run();
  const { device, workload, precision, noise } = s.problem;
  const key = JSON.stringify([device, workload, precision, noise, s.replay, s.rate, s.durationS, seed]);
  let f = finetunes.get(key);
  if (!f) {
    finetunes.set(key, (f = run()));
    if (finetunes.size > 8) finetunes.delete(finetunes.keys().next().value!);
  }
  return f;
}

export const SIMULATION_NOTICE =
  'The Jetson boards are simulated (a browser cannot set clocks or read power rails): device numbers are modeled and calibrated to the paper; the optimiser, the predictor and the schedulers are real and run on those numbers.';

export interface ViewOptions {
  userTrace?: number[];
  seed?: number;
  /** Leave out the search part (a Run adds its own study). */
  withoutSearch?: boolean;
}

export function buildModelResult(p: ParamValues, opts: ViewOptions = {}): RunResult {
  const s = settingsFrom(p);
  const problem = problemFor(s.problem);
  const f = finetuneFor(s, problem, opts.seed ?? LIVE_SEED, opts.userTrace);
  const cached = trajectories.get(keyOf(s.problem));
  const search: Partial<RunResult> = opts.withoutSearch
    ? {}
    : cached
      ? { tables: [trajectoryTable(problem, cached, 'seed 1 of the last Run')], charts: [trajectoryChart] }
      : {
          notices: [
            'Press Run for the optimiser study (Bayesian optimisation vs random search over many seeds); one seed’s search path is then shown here too.',
          ],
        };
  return mergeResults(
    { notices: [SIMULATION_NOTICE], reproductions: [...polythrottleReproductions(p), ...schedulerReproductions(s, f)] },
    deviceResult(problem),
    search,
    finetuneResult(f, s),
  );
}
