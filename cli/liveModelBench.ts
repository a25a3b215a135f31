// Benchmark (not a test): how long the live modeled views of GraphSnapShot and Marius++ take to
// recompute after one slider move, per preset and per slider (each move to a new value, with the
// preset's own state warm), and the first call of each preset (graph generation included).
// Run: npm run bench-live [-- repeats]  (node --import tsx --import ./cli/register-raw.mjs cli/liveModelBench.ts)
import { graphSnapshot } from '../src/experiments/graphSnapshot/index';
import { marius } from '../src/experiments/marius/index';
import { modelExperiment } from '../src/experiments/runner';
import type { Experiment, ParamValues } from '../src/experiments/types';

const repeats = Number(process.argv[2] ?? 3);

/**
 * Median ms of a model call after moving `key` to a value not seen before (`valueAt(k)` for
 * k = 1..repeats), so a memoised simulation is never reused by accident: what a user's drag costs.
 */
function sliderMs(exp: Experiment, base: ParamValues, key: string, valueAt: (k: number) => unknown): string {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 1; k <= repeats; k++) {
    const [t0, c0] = [performance.now(), process.cpuUsage()];
    modelExperiment(exp, { ...base, [key]: valueAt(k) } as ParamValues);
    const c = process.cpuUsage(c0);
    wall.push(performance.now() - t0);
    cpu.push((c.user + c.system) / 1000);
  }
  return `${median(wall).toFixed(0)} ms (cpu ${median(cpu).toFixed(0)})`;
}

/** Median; CPU time (user + system of this process) stays close to the uncontended time on a busy machine. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const sliders: Record<string, Record<string, (k: number) => unknown>> = {
  'graph-snapshot': {
    slowEdgesPerSec: (k) => 5e6 * (1 + 0.07 * k),
    cacheEdgesPerSec: (k) => 2e8 * (1 + 0.07 * k),
    computeMs: (k) => 0.5 + 0.05 * k,
    gamma: (k) => 0.15 + 0.01 * k,
    alpha: (k) => 2 + 0.05 * k,
    theta: (k) => 30 + k,
    refreshEvery: (k) => 50 + k,
  },
  marius: {
    edgesPerSecond: (k) => 416_000 * (1 + 0.07 * k),
    epochs: (k) => 10 + k,
    capacity: (k) => 4 + k,
    disk: (k) => ['nvme', 'sata-ssd', 'hdd'][k % 3],
  },
};

for (const exp of [graphSnapshot, marius]) {
  for (const preset of exp.presets) {
    const t0 = performance.now();
    modelExperiment(exp, preset.values);
    const first = performance.now() - t0;
    const cells = Object.entries(sliders[exp.id]!).flatMap(([key, valueAt]) => {
      try {
        return [`${key} ${sliderMs(exp, preset.values, key, valueAt)}`];
      } catch {
        return [`${key} n/a (outside this preset's valid range)`];
      }
    });
    console.log(`${exp.id} · ${preset.id}: first ${first.toFixed(0)} ms; moves: ${cells.join(', ')}`);
  }
}
