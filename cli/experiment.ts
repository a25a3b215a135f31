// `npm run experiment -- <id> [--preset P] [--set key=value ...] [--seed N] [--out FILE.csv] [--json] [--adapter NAME] [--require-gpu]`
// Runs one experiment headless with the same code, parameter schema and CSV format as the UI.
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  formatOptions,
  optionValue,
  parseCommand,
  parseIntOption,
  splitKeyValue,
  UsageError,
  type OptionSpecs,
  type ParsedArgs,
} from './args';
import { buildCsv } from '../src/experiments/csv';
import { ADAPTER_ENV, adapterChoice, describeDevice, deviceJson, openGpu } from './device';
import { formatParamSpecs } from './describe';
import { ensureDir, readParamFiles } from './files';
import { formatCheck, formatMetrics, formatParamValueList, formatTable, progressPrinter } from './format';
import { runCli, EXIT_NO_GPU, EXIT_UNEXPECTED } from './main';
import { assertValidParams, parseParam } from '../src/core/params';
import { experiments, findExperiment } from '../src/experiments/registry';
import { DEFAULT_SEED, isAbortError, runExperiment } from '../src/experiments/runner';
import type { ParamValues, RunResult, Table } from '../src/core';
import type { Experiment } from '../src/experiments/types';
import type { Gpu } from '../src/gpu/gpu';
import { describeReproduction } from '../src/core/reproduction';
import { reproductionJson } from './reproductionTable';

const OPTIONS: OptionSpecs = {
  list: { kind: 'switch', help: 'list experiments with their parameters and presets' },
  preset: { kind: 'value', meta: 'ID', help: 'start from a paper preset (see --list)' },
  set: { kind: 'value', repeat: true, meta: 'key=value', help: 'set one parameter, applied after the preset' },
  seed: { kind: 'value', meta: 'N', help: `random seed, an integer in [0, 4294967295] (default ${DEFAULT_SEED})` },
  out: {
    kind: 'value',
    meta: 'FILE.csv',
    help: 'write the first table to FILE.csv and the others to FILE.<table>.csv',
  },
  json: { kind: 'switch', help: 'print the whole result as JSON on stdout' },
  adapter: {
    kind: 'value',
    meta: 'NAME',
    help: `use the WebGPU adapter whose name contains NAME (default: $${ADAPTER_ENV}, else Dawn's choice); a name that matches none lists the adapters`,
  },
  'require-gpu': {
    kind: 'switch',
    help: 'fail (exit 3) when no WebGPU device opens, instead of running the modeled parts only (refused for experiments with gpu: none)',
  },
  help: { kind: 'switch', help: 'show this help' },
};

const USAGE = `usage: npm run experiment -- <id> [options]
       npm run experiment -- --list

${formatOptions(OPTIONS)}`;

function listExperiments(): string {
  return experiments
    .map((e) =>
      [
        `${e.id} — ${e.title}`,
        `  topic: ${e.topic}; gpu: ${e.gpu}${e.paper ? `; paper: ${e.paper.title} (${e.paper.venue} ${e.paper.year})` : ''}`,
        `  params:`,
        formatParamSpecs(e.params, '    '),
        `  presets:`,
        e.presets.length ? e.presets.map((p) => `    ${p.id}: ${p.label}`).join('\n') : '    (none)',
      ].join('\n'),
    )
    .join('\n\n');
}

/** Preset values first, then each --set; every problem is an error, never a silent default. */
function resolveParams(exp: Experiment, args: ParsedArgs): ParamValues {
  let values: ParamValues = {};
  const presetId = optionValue(args, 'preset');
  if (presetId !== undefined) {
    const preset = exp.presets.find((p) => p.id === presetId);
    if (!preset) {
      const known = exp.presets.map((p) => p.id).join(', ') || '(this experiment has none)';
      throw new UsageError(`unknown preset "${presetId}" for ${exp.id}; presets: ${known}`);
    }
    values = { ...preset.values };
  }
  for (const text of args.values.get('set') ?? []) {
    const [key, raw] = splitKeyValue(text, 'set');
    const spec = exp.params.find((s) => s.key === key);
    if (!spec) {
      throw new UsageError(
        `unknown parameter "${key}" for ${exp.id}; parameters: ${exp.params.map((s) => s.key).join(', ') || '(none)'}`,
      );
    }
    const parsed = parseParam(spec, raw);
    if ('error' in parsed) throw new UsageError(parsed.error);
    values[key] = parsed.value;
  }
  return assertValidParams(exp.params, values);
}

/** Thrown when --require-gpu is given and no GPU opens: the CLI exits with EXIT_NO_GPU. */
class GpuRequiredError extends Error {
  override name = 'GpuRequiredError';
}

/**
 * A GPU when the experiment wants one; for 'optional' a missing GPU falls back to the modeled
 * parts with a clear line on stderr, unless an adapter was asked for by name (then it is an
 * error, exit 2). Under --require-gpu a GPU that does not open is a GpuRequiredError (exit 3) on
 * every path: 'required' experiments and named adapters included.
 */
async function gpuFor(
  exp: Experiment,
  onExit: (c: () => void) => void,
  adapter: string | undefined,
  requireGpu: boolean,
): Promise<Gpu | undefined> {
  if (exp.gpu === 'none') return undefined;
  try {
    return await openGpu(onExit, adapter);
  } catch (e) {
    const why = (e as Error).message;
    if (requireGpu) throw new GpuRequiredError(`--require-gpu: no WebGPU device (${why})`);
    if (exp.gpu === 'required' || adapterChoice(adapter)) throw e;
    process.stderr.write(
      `note: no WebGPU device (${why}).\n` +
        `note: falling back to modeled results only: nothing below was measured on a GPU (pass --require-gpu to fail instead).\n`,
    );
    return undefined;
  }
}

function csvTargets(out: string, tables: Table[]): { table: Table; path: string }[] {
  if (!/\.csv$/i.test(out))
    throw new UsageError(`--out expects a file name ending in .csv, got ${JSON.stringify(out)}`);
  const base = out.slice(0, -'.csv'.length);
  // Table ids become part of file names: keep them to safe characters.
  return tables.map((table, k) => ({
    table,
    path: k === 0 ? out : `${base}.${table.id.replace(/[^\w-]+/g, '-')}.csv`,
  }));
}

function printSummary(exp: Experiment, params: ParamValues, seed: number, device: string, r: RunResult): void {
  const out: string[] = [
    `${exp.title} (${exp.id})`,
    `params: ${formatParamValueList(params) || '(none)'}`,
    `seed: ${seed}   device: ${device}`,
  ];
  if (r.metrics.length) out.push('', 'metrics:', formatMetrics(r.metrics));
  if (r.checks.length) out.push('', 'checks (GPU vs CPU reference):', ...r.checks.map(formatCheck));
  if (r.reproductions?.length)
    out.push('', 'paper reproduction:', ...r.reproductions.map((x) => `  - ${describeReproduction(x)}`));
  if (r.notices.length) out.push('', 'notices:', ...r.notices.map((n) => `  - ${n}`));
  for (const t of r.tables) out.push('', formatTable(t));
  process.stdout.write(out.join('\n') + '\n');
}

await runCli(async (onExit) => {
  const command = parseCommand(process.argv.slice(2), {
    noun: 'experiment',
    options: OPTIONS,
    usage: USAGE,
    known: experiments.map((e) => e.id),
    list: listExperiments,
  });
  if (!command) return;
  const { name: id, args } = command;
  // Also accepts an experiment's legacy ids (e.g. `graphsnapshot` for graph-snapshot).
  const exp = findExperiment(id);
  if (!exp) throw new UsageError(`unknown experiment "${id}"; known: ${experiments.map((e) => e.id).join(', ')}`);
  const requireGpu = args.switches.has('require-gpu');
  // Refused, not ignored: the user expects the flag to guarantee a GPU run, and this one has none.
  if (requireGpu && exp.gpu === 'none')
    throw new UsageError(`--require-gpu: ${exp.id} runs no GPU work (gpu: none), so nothing could require one`);

  const params = resolveParams(exp, args);
  const seedText = optionValue(args, 'seed');
  const seed = seedText === undefined ? DEFAULT_SEED : parseIntOption(seedText, 'seed', 0, 0xffffffff);
  const outFile = optionValue(args, 'out');
  // Check --out before a possibly long run, not after.
  if (outFile !== undefined) {
    csvTargets(outFile, []);
    await ensureDir(dirname(outFile), 'out');
  }

  const files = await readParamFiles(exp.params, params);
  let gpu: Gpu | undefined;
  try {
    gpu = await gpuFor(exp, onExit, optionValue(args, 'adapter'), requireGpu);
  } catch (e) {
    if (!(e instanceof GpuRequiredError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT_NO_GPU;
  }
  const device = describeDevice(gpu);
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new DOMException('cancelled by Ctrl-C', 'AbortError')));

  let result: RunResult;
  try {
    result = await runExperiment(exp, params, {
      gpu,
      files,
      seed,
      signal: controller.signal,
      onProgress: progressPrinter((line) => process.stderr.write(line + '\n')),
    });
  } catch (e) {
    if (!isAbortError(e)) throw e;
    process.stderr.write('error: cancelled\n');
    return 130;
  }

  const json = args.switches.has('json');
  if (json) {
    // The reproductions with their verdicts (within / off by X %) next to the raw result.
    const reproductions = (result.reproductions ?? []).map(reproductionJson);
    const doc = {
      experiment: { id: exp.id, title: exp.title },
      params,
      seed,
      device: deviceJson(gpu),
      reproductions,
      result,
    };
    process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  } else {
    printSummary(exp, params, seed, device, result);
  }

  if (outFile !== undefined) {
    const targets = csvTargets(outFile, result.tables);
    if (targets.length === 0) process.stderr.write('note: the run produced no tables; nothing written\n');
    const meta = { experiment: exp.id, params, seed, device, appVersion: __APP_VERSION__ };
    for (const { table, path } of targets) {
      await writeFile(path, buildCsv(table, meta));
      // Keep stdout pure JSON under --json.
      (json ? process.stderr : process.stdout).write(`wrote ${path} (${table.id}: ${table.rows.length} rows)\n`);
    }
  }

  const failed = result.checks.filter((c) => !c.passed);
  if (failed.length) {
    process.stderr.write(
      `error: ${failed.length} correctness check(s) failed: ${failed.map((c) => c.name).join(', ')}\n`,
    );
    return EXIT_UNEXPECTED;
  }
});
