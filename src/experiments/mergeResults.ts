// Combines partial run results (the live model's view, a real kernel run, extra tables) into one
// RunResult. Experiments used to spread `...modeled.tables, ...measured.tables` by hand in every
// `run`; this is the one place that does it, so the order rules are written down once:
//  - tables, metrics, checks, charts and notices are concatenated in argument order;
//  - reproductions are concatenated too, except that a later part's claim replaces an earlier one
//    with the same key (a measured run supersedes the live model's value for the same claim);
//  - calibration objects are merged (later parts win on the same key); absent when no part has one.
// To lead with one part's notices while its tables come later, pass them as their own part first:
//   mergeResults({ notices: measured.notices }, modeled, { ...measured, notices: [] }).
import type { RunResult } from './types';

export function mergeResults(...parts: Partial<RunResult>[]): RunResult {
  const out: RunResult = { tables: [], metrics: [], checks: [], charts: [], notices: [] };
  for (const p of parts) {
    if (p.tables) out.tables.push(...p.tables);
    if (p.metrics) out.metrics.push(...p.metrics);
    if (p.checks) out.checks.push(...p.checks);
    if (p.charts) out.charts.push(...p.charts);
    if (p.notices) out.notices.push(...p.notices);
    if (p.calibration) out.calibration = { ...out.calibration, ...p.calibration };
    for (const r of p.reproductions ?? []) {
      const list = (out.reproductions ??= []);
      const at = list.findIndex((x) => x.key === r.key);
      if (at >= 0) list[at] = r;
      else list.push(r);
    }
  }
  return out;
}
