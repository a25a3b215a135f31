// Benchmark (not a test): how long each experiment's live modeled view (`model()`, run on every
// slider move) takes, against the standard of 100 ms. Per experiment and starting point (its
// presets, plus bench-only points where moves cost most: see liveModelMoves.ts), Marius's
// memos (its orderings, the most costly to build) are emptied first (clearMemos below); other
// experiments' memos may carry over from an earlier starting point; the starting point is then modeled ("first": cold memos, in a process that has already
// compiled the code) and every slider moved across its range, each move from the warm state of the
// previous one, as a drag does. The time is CPU time of this process (user + system): less
// sensitive than wall time to other processes on a busy machine, and it errs on the cautious side,
// as it also counts this process's compiler and garbage-collector threads (a first call can take
// more CPU time than wall time). Then the slowest moves are timed again, each in a fresh process
// warmed with its starting point, and each experiment's first model() call with its default
// parameters in a fresh process (JIT warm-up included).
// Run: npm run bench-live [-- --only marius --skip graph-snapshot --points 7 --top 8 --repeats 3 --no-fresh]
// (graph-snapshot's moves to other graphs regenerate them: up to ≈ 1.5 s each below its live edge cap.)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { experiments, findExperiment } from '../src/experiments/registry';
import { modelExperiment } from '../src/experiments/runner';
import { UserInputError, type Experiment, type ParamValue, type ParamValues } from '../src/experiments/types';
import { clearModelMemos as clearMariusMemos } from '../src/experiments/marius/model';
import { formatOptions, optionValue, parseArgs, parseIntOption, UsageError, type OptionSpecs } from './args';
import { extraBases, moveValues, timed, type BenchBase } from './liveModelMoves';

const options: OptionSpecs = {
  only: { kind: 'value', repeat: true, meta: 'ID', help: 'benchmark only this experiment' },
  skip: { kind: 'value', repeat: true, meta: 'ID', help: 'leave this experiment out' },
  points: { kind: 'value', meta: 'N', help: 'values per slider across its range (default 6)' },
  top: { kind: 'value', meta: 'K', help: 'slowest moves timed again in fresh processes (default 8)' },
  repeats: { kind: 'value', meta: 'N', help: 'fresh-process timings of each slow move (default 3)' },
  'no-fresh': { kind: 'switch', help: 'skip the fresh-process timings' },
  child: { kind: 'value', meta: 'JSON', help: '(internal) time one move in this process and print JSON' },
  help: { kind: 'switch', help: 'this text' },
};

const LIMIT_MS = 100;

interface Move {
  exp: string;
  base: string;
  key: string;
  value: ParamValue;
  cpuMs: number;
}

/** A move as the child process receives it; key '' times the first call of the base itself. */
interface ChildJob {
  exp: string;
  base: string;
  key: string;
  value: ParamValue;
}

function basesOf(exp: Experiment): BenchBase[] {
  const presets = exp.presets.map((p) => ({ id: p.id, values: p.values }));
  return [{ id: 'defaults', values: {} }, ...presets, ...(extraBases[exp.id]?.(presets) ?? [])];
}

function findBase(exp: Experiment, id: string): BenchBase {
  const base = basesOf(exp).find((b) => b.id === id);
  if (!base) throw new UsageError(`${exp.id} has no starting point ${id}`);
  return base;
}

/**
 * Memos an experiment keeps between model() calls, emptied before each starting point so its sweep
 * starts cold (Marius: orderings by their parameters and per-state scratch arrays).
 */
function clearMemos(): void {
  clearMariusMemos();
}

/** Every move of every slider from one starting point; invalid combinations are counted, not timed. */
function sweep(exp: Experiment, base: BenchBase, points: number): { moves: Move[]; invalid: number; firstMs: number } {
  const moves: Move[] = [];
  let invalid = 0;
  let firstMs = NaN;
  clearMemos();
  try {
    firstMs = timed(() => modelExperiment(exp, base.values)).cpuMs;
  } catch (e) {
    if (e instanceof UserInputError) return { moves, invalid: 1, firstMs };
    throw e;
  }
  const full = modelValues(exp, base.values);
  for (const spec of exp.params) {
    for (const value of moveValues(spec, full[spec.key]!, points)) {
      try {
        const { cpuMs } = timed(() => modelExperiment(exp, { ...base.values, [spec.key]: value }));
        moves.push({ exp: exp.id, base: base.id, key: spec.key, value, cpuMs });
      } catch (e) {
        if (!(e instanceof UserInputError)) throw e;
        invalid++;
      }
    }
  }
  return { moves, invalid, firstMs };
}

function modelValues(exp: Experiment, values: ParamValues): ParamValues {
  const out: ParamValues = {};
  for (const s of exp.params) out[s.key] = s.default;
  return { ...out, ...values };
}

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(0)} ms`;
const describeMove = (m: ChildJob) => `${m.exp} · ${m.base}: ${m.key}=${JSON.stringify(m.value)}`;

/** Child: warm with the base (unless timing its first call), then time the move once. */
function runChild(job: ChildJob): void {
  const exp = findExperiment(job.exp);
  if (!exp) throw new UsageError(`unknown experiment ${job.exp}`);
  const base = findBase(exp, job.base);
  if (job.key === '') {
    process.stdout.write(JSON.stringify(timed(() => modelExperiment(exp, base.values))) + '\n');
    return;
  }
  modelExperiment(exp, base.values);
  process.stdout.write(
    JSON.stringify(timed(() => modelExperiment(exp, { ...base.values, [job.key]: job.value }))) + '\n',
  );
}

function inFreshProcess(job: ChildJob): { cpuMs: number; wallMs: number } {
  const script = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [...process.execArgv, script, '--child', JSON.stringify(job)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`fresh process for ${describeMove(job)} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as { cpuMs: number; wallMs: number };
}

function main(argv: string[]): void {
  const args = parseArgs(argv, options);
  if (args.switches.has('help')) {
    process.stdout.write(`npm run bench-live -- [options]\n${formatOptions(options)}\n`);
    return;
  }
  const child = optionValue(args, 'child');
  if (child) return runChild(JSON.parse(child) as ChildJob);
  const points = parseIntOption(optionValue(args, 'points') ?? '6', 'points', 2, 50);
  const top = parseIntOption(optionValue(args, 'top') ?? '8', 'top', 0, 100);
  const repeats = parseIntOption(optionValue(args, 'repeats') ?? '3', 'repeats', 1, 20);
  const only = args.values.get('only');
  const skip = args.values.get('skip') ?? [];
  const chosen = experiments.filter((e) => e.model && (!only || only.includes(e.id)) && !skip.includes(e.id));
  if (only) for (const id of only) if (!chosen.some((e) => e.id === id)) throw new UsageError(`no live model: ${id}`);
  for (const id of skip) if (!experiments.some((e) => e.id === id)) throw new UsageError(`unknown experiment: ${id}`);

  console.log(`Live model per slider move, CPU time (standard: under ${LIMIT_MS} ms)`);
  const all: Move[] = [];
  for (const exp of chosen) {
    const moves: Move[] = [];
    for (const base of basesOf(exp)) {
      const r = sweep(exp, base, points);
      moves.push(...r.moves);
      const worst = r.moves.reduce<Move | null>((a, m) => (a && a.cpuMs >= m.cpuMs ? a : m), null);
      const median = r.moves.length
        ? ms(
            quantile(
              r.moves.map((m) => m.cpuMs),
              0.5,
            ),
          )
        : '–';
      console.log(
        `  ${exp.id} · ${base.id}: first (cold memos) ${Number.isNaN(r.firstMs) ? 'invalid' : ms(r.firstMs)}; ` +
          `${r.moves.length} moves, median ${median}, worst ${worst ? `${ms(worst.cpuMs)} (${worst.key}=${JSON.stringify(worst.value)})` : '–'}` +
          (r.invalid ? `; ${r.invalid} invalid combinations skipped` : ''),
      );
    }
    const cpu = moves.map((m) => m.cpuMs);
    if (cpu.length)
      console.log(
        `${exp.id}: ${cpu.length} moves, median ${ms(quantile(cpu, 0.5))}, p90 ${ms(quantile(cpu, 0.9))}, worst ${ms(Math.max(...cpu))}` +
          `, ${cpu.filter((x) => x >= LIMIT_MS).length} at or over ${LIMIT_MS} ms`,
      );
    all.push(...moves);
  }
  if (args.switches.has('no-fresh')) return;

  console.log(
    `\nSlowest ${top} moves again, each in ${repeats} fresh processes warmed with its starting point (CPU ms):`,
  );
  for (const m of [...all].sort((a, b) => b.cpuMs - a.cpuMs).slice(0, top)) {
    const runs = Array.from({ length: repeats }, () => inFreshProcess(m).cpuMs);
    console.log(
      `  ${describeMove(m)}: sweep ${ms(m.cpuMs)}; fresh median ${ms(quantile(runs, 0.5))}, max ${ms(Math.max(...runs))}`,
    );
  }
  console.log(
    `\nFirst model() call with the default parameters in a fresh process (${repeats} processes each, CPU ms):`,
  );
  for (const exp of chosen) {
    const runs = Array.from(
      { length: repeats },
      () => inFreshProcess({ exp: exp.id, base: 'defaults', key: '', value: '' }).cpuMs,
    );
    console.log(`  ${exp.id}: median ${ms(quantile(runs, 0.5))}, max ${ms(Math.max(...runs))}`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof UsageError)) throw e;
  console.error(e.message);
  process.exitCode = 2;
}
