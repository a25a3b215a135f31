// Benchmark (not a test): how long the live view (model()) of PolyThrottle takes — the first call
// in a fresh process (every cache cold), then each preset's first call, then slider moves that
// touch only the replay (SLO, rate) or only the search problem (SLO factor, noise).
// Wall-clock times (process CPU time would also count V8's background compiler and GC threads,
// which do not block the call). On a busy machine run it several times and read the least of each
// line, e.g. for i in 1 2 3 4 5 6 7; do node --import tsx --import ./cli/register-raw.mjs \
//   src/experiments/polythrottle/modelBench.ts; done
import { modelExperiment } from '../runner';
import { defaultValues } from '../../core/params';
import type { ParamValues } from '../types';
import { polythrottle } from './index';

/** Wall milliseconds of one call (on a shared machine run the script a few times and take the least). */
const ms = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const base = defaultValues(polythrottle.params);
const call = (v: ParamValues) => modelExperiment(polythrottle, v);

const lines = [`first call, fresh process (defaults: Orin B7): ${ms(() => call(base)).toFixed(0)} ms`];
lines.push(`same values again: ${ms(() => call(base)).toFixed(0)} ms`);
for (const p of polythrottle.presets)
  lines.push(`preset ${p.id}, first: ${ms(() => call({ ...base, ...p.values } as ParamValues)).toFixed(0)} ms`);
const moves: [string, (k: number) => number][] = [
  ['sloS', (k) => 0.7 + 0.05 * k],
  ['rate', (k) => 8 + 0.3 * k],
  ['sloFactor', (k) => 2 + 0.1 * k],
  ['noisePct', (k) => 3 + 0.5 * k],
];
for (const [key, at] of moves) {
  const t = [1, 2, 3].map((k) => ms(() => call({ ...base, [key]: at(k) } as ParamValues))).sort((a, b) => a - b);
  lines.push(`move ${key} (median of 3 new values): ${t[1]!.toFixed(0)} ms`);
}
console.log(lines.join('\n'));
