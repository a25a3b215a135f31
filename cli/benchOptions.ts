// Command line of `npm run bench`: parsed strictly (a typo is exit 2 naming the problem, never a
// silent default) into the settings of one headless-Chromium run of the benchmarks experiment.
import { existsSync, readdirSync } from 'node:fs';
import { formatOptions, optionValue, parseArgs, parseIntOption, UsageError, type OptionSpecs } from './args';
import { ADAPTER_ENV, adapterChoice } from './device';
import { BENCH_CASES } from '../src/experiments/benchmarks/cases';

export const OPTIONS: OptionSpecs = {
  size: {
    kind: 'value',
    meta: 'auto|small|realistic',
    help: 'shapes: small (CPU emulation / CI), realistic (GPUs), or auto (by adapter; default)',
  },
  cases: {
    kind: 'value',
    meta: 'id,id,...',
    help: `cases to run (default all): ${BENCH_CASES.map((c) => c.id).join(', ')}`,
  },
  peers: { kind: 'value', meta: 'ort,tfjs|none', help: 'peer libraries to compare with (default ort,tfjs)' },
  reps: {
    kind: 'value',
    meta: 'N',
    help: 'timed repetitions per implementation, an integer in [10, 200] (default 10)',
  },
  warmup: { kind: 'value', meta: 'N', help: 'warm-up runs, an integer in [1, 20] (default 2)' },
  adapter: {
    kind: 'value',
    meta: 'swiftshader|default',
    help: `WebGPU adapter: SwiftShader (CPU emulation) or the default GPU (--host node: $${ADAPTER_ENV}'s adapter if set, else Dawn's choice); default: swiftshader unless a GPU device node is found (--host node: or $${ADAPTER_ENV} is set)`,
  },
  host: {
    kind: 'value',
    meta: 'chromium|node',
    help: 'where to run: headless Chromium (default), or Node on dawn.node (the peers run on its device too)',
  },
  out: {
    kind: 'value',
    meta: 'FILE',
    help: 'write FILE.csv (results table) and FILE.json (all tables, metrics, checks) (default bench-results)',
  },
  timeout: { kind: 'value', meta: 'S', help: 'give up after S seconds, an integer in [10, 86400] (default 1800)' },
  help: { kind: 'switch', help: 'show this help' },
};

export const USAGE = `usage: npm run bench -- [options]

Builds the app, serves it on 127.0.0.1, runs the Benchmarks experiment (?exp=benchmarks) in
headless Chromium (CHROMIUM_PATH or /usr/bin/chromium) and saves its result tables. With
--host node it runs the same experiment in this Node process on dawn.node instead (no build,
no browser), peers included, and saves the same files.

${formatOptions(OPTIONS)}`;

export type Adapter = 'swiftshader' | 'default';
export type Host = 'chromium' | 'node';
export type Size = 'auto' | 'small' | 'realistic';

export interface BenchOptions {
  size: Size;
  cases: string[];
  ort: boolean;
  tfjs: boolean;
  reps: number;
  warmup: number;
  adapter: Adapter;
  host: Host;
  /** Output base path without extension. */
  out: string;
  timeoutMs: number;
}

function oneOf<T extends string>(text: string, option: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    throw new UsageError(`--${option} ${JSON.stringify(text)} is not valid: expected one of ${allowed.join(', ')}`);
  }
  return text as T;
}

function list(text: string, option: string, allowed: readonly string[]): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError(
      `--${option} ${JSON.stringify(text)}: expected comma-separated names, e.g. ${allowed.slice(0, 2).join(',')}`,
    );
  const unknown = items.filter((s) => !allowed.includes(s));
  if (unknown.length)
    throw new UsageError(
      `--${option}: unknown ${unknown.map((u) => JSON.stringify(u)).join(', ')} (known: ${allowed.join(', ')})`,
    );
  return [...new Set(items)];
}

/** True when the machine has a GPU device node Chromium could use (NVIDIA or DRM render node). */
export function gpuDetected(): boolean {
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((f) => f.startsWith('renderD'));
  } catch {
    return false;
  }
}

/** `--out x`, `--out x.csv` and `--out x.json` all mean the pair x.csv + x.json. */
export function outBase(out: string): string {
  if (out.trim() === '') throw new UsageError('--out needs a file name');
  return out.replace(/\.(csv|json)$/i, '');
}

/** Parses argv; returns null when --help was asked for. `adapterEnv`: $WORKBENCH_ADAPTER. */
export function parseBenchArgs(
  argv: readonly string[],
  hasGpu = gpuDetected(),
  adapterEnv = process.env[ADAPTER_ENV],
): BenchOptions | null {
  const args = parseArgs(argv, OPTIONS);
  if (args.switches.has('help')) return null;
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${USAGE}`);
  const value = (k: string) => optionValue(args, k);
  const peers = value('peers') === 'none' ? [] : list(value('peers') ?? 'ort,tfjs', 'peers', ['ort', 'tfjs']);
  const host = oneOf(value('host') ?? 'chromium', 'host', ['chromium', 'node'] as const);
  // In Node an adapter named in $WORKBENCH_ADAPTER is asked for, as by the other CLIs (cli/device.ts).
  const defaultAdapter = hasGpu || (host === 'node' && adapterEnv) ? 'default' : 'swiftshader';
  return {
    size: oneOf(value('size') ?? 'auto', 'size', ['auto', 'small', 'realistic'] as const),
    cases:
      value('cases') === undefined
        ? BENCH_CASES.map((c) => c.id)
        : list(
            value('cases')!,
            'cases',
            BENCH_CASES.map((c) => c.id),
          ),
    ort: peers.includes('ort'),
    tfjs: peers.includes('tfjs'),
    reps: value('reps') === undefined ? 10 : parseIntOption(value('reps')!, 'reps', 10, 200),
    warmup: value('warmup') === undefined ? 2 : parseIntOption(value('warmup')!, 'warmup', 1, 20),
    adapter: oneOf(value('adapter') ?? defaultAdapter, 'adapter', ['swiftshader', 'default'] as const),
    host,
    out: outBase(value('out') ?? 'bench-results'),
    timeoutMs: 1000 * (value('timeout') === undefined ? 1800 : parseIntOption(value('timeout')!, 'timeout', 10, 86400)),
  };
}

/** The experiment's own parameters (what the page URL links; the Node run passes them directly). */
export function experimentParams(o: BenchOptions): Record<string, string | number | boolean> {
  const p: Record<string, string | number | boolean> = {
    size: o.size,
    reps: o.reps,
    warmup: o.warmup,
    ort: o.ort,
    tfjs: o.tfjs,
  };
  for (const c of BENCH_CASES) p[c.id] = o.cases.includes(c.id);
  return p;
}

/** The page URL's query: the experiment's own parameters, exactly as the UI links them. */
export function experimentQuery(o: BenchOptions): string {
  const q = new URLSearchParams({ exp: 'benchmarks' });
  for (const [k, v] of Object.entries(experimentParams(o))) q.set(k, String(v));
  return q.toString();
}

/**
 * dawn.node's `adapter=` text for --host node: SwiftShader, or for `default` the same choice as
 * the other CLIs (cli/device.ts: $WORKBENCH_ADAPTER, else undefined, Dawn's pick of the machine's
 * drivers; never SwiftShader's ICD unless that names it, see src/gpu/node.ts swiftShaderIcdFor).
 */
export function nodeAdapter(adapter: Adapter): string | undefined {
  return adapter === 'swiftshader' ? 'SwiftShader' : adapterChoice(undefined);
}
