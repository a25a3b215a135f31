// Text for `--list`: parameter schemas (experiments' params and kernels' settings) as the CLI
// accepts them through --set.
import { describeRange, formatParamValue } from '../src/core/params';
import type { ParamSpec } from '../src/core';

/** One aligned line per parameter: key, kind, allowed range, default, label/help. */
export function formatParamSpecs(specs: ParamSpec[], indent: string): string {
  if (specs.length === 0) return `${indent}(none)`;
  const rows = specs.map((s) => [
    s.key,
    s.kind + ((s.kind === 'number' || s.kind === 'int') && s.log ? ', log' : ''),
    describeRange(s),
    `default ${s.kind === 'file' ? '(none)' : formatParamValue(s.default)}${'unit' in s && s.unit ? ` ${s.unit}` : ''}`,
    s.label + (s.help ? ` — ${s.help}` : ''),
  ]);
  const widths = [0, 1, 2, 3].map((k) => Math.max(...rows.map((r) => r[k]!.length)));
  return rows
    .map(
      (r) =>
        indent +
        r
          .map((t, k) => (k < 4 ? t.padEnd(widths[k]!) : t))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}
