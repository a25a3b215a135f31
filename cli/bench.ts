// `npm run bench -- [--sizes 64,128,256] [--reps N] [--warmup N] [--out FILE]`
// Measures the f32 matmul kernel on square sizes and writes FILE.csv + FILE.json. Benchmarks
// measure; nothing here asserts a time (see the testing ladder in the design guide).
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatOptions, optionValue, parseArgs, parseIntOption, UsageError, type OptionSpecs } from './args';
import { buildCsv } from '../src/experiments/csv';
import { describeDevice, deviceJson, openGpu } from './device';
import { ensureDir } from './files';
import { formatTable, progressPrinter } from './format';
import { runCli } from './main';
import { fillUniform } from '../src/data/pcg32';
import type { Table } from '../src/experiments/types';
import { timeMatmul, type MatmulTiming } from '../src/kernels/matmul';
import { isAbortError } from '../src/experiments/runner';

/** SwiftShader manages ~0.1–0.2 GFLOP/s, so a 512³ matmul already takes seconds there. */
const EMULATION_SIZES = [64, 128, 256];
const GPU_SIZES = [512, 1024, 2048, 4096];
const MAX_SIZE = 16384;
const DATA_SEED = 1;

const OPTIONS: OptionSpecs = {
  sizes: { kind: 'value', meta: 'n,n,...', help: `square sizes n (M=N=K=n); default ${GPU_SIZES.join(',')} on GPUs, ${EMULATION_SIZES.join(',')} on CPU emulation` },
  reps: { kind: 'value', meta: 'N', help: 'timed repetitions per size, an integer in [1, 1000] (default 10; 3 on CPU emulation)' },
  warmup: { kind: 'value', meta: 'N', help: 'untimed runs before timing, an integer in [0, 100] (default 2; 1 on CPU emulation)' },
  out: { kind: 'value', meta: 'FILE', help: 'write FILE.csv and FILE.json (default bench-results)' },
  help: { kind: 'switch', help: 'show this help' },
};

const USAGE = `usage: npm run bench -- [options]\n\n${formatOptions(OPTIONS)}`;

function parseSizes(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) throw new UsageError(`--sizes ${JSON.stringify(text)}: expected comma-separated integers, e.g. 64,128,256`);
  return parts.map((p) => parseIntOption(p, 'sizes', 1, MAX_SIZE));
}

/** `--out x`, `--out x.csv` and `--out x.json` all mean the pair x.csv + x.json. */
function outBase(out: string): string {
  if (out.trim() === '') throw new UsageError('--out needs a file name');
  return out.replace(/\.(csv|json)$/i, '');
}

function resultTable(rows: MatmulTiming[]): Table {
  return {
    id: 'matmul',
    title: 'f32 matmul, square sizes',
    columns: [
      { key: 'n', label: 'n (M=N=K)', provenance: 'measured', type: 'number' },
      { key: 'median', label: 'median', unit: 'ms', provenance: 'measured', type: 'number' },
      { key: 'min', label: 'min', unit: 'ms', provenance: 'measured', type: 'number' },
      { key: 'p90', label: 'p90', unit: 'ms', provenance: 'measured', type: 'number' },
      { key: 'gflops', label: 'throughput (median)', unit: 'GFLOP/s', provenance: 'measured', type: 'number' },
      { key: 'method', label: 'timing method', provenance: 'measured', type: 'string' },
    ],
    rows: rows.map((t) => [t.shape.M, t.medianMs, t.minMs, t.p90Ms, t.gflops, t.method]),
  };
}

await runCli(async (onExit) => {
  const args = parseArgs(process.argv.slice(2), OPTIONS);
  if (args.switches.has('help')) {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (args.positionals.length) throw new UsageError(`unexpected argument ${args.positionals[0]}\n${USAGE}`);
  const sizesText = optionValue(args, 'sizes');
  const requestedSizes = sizesText === undefined ? undefined : parseSizes(sizesText);
  const repsText = optionValue(args, 'reps');
  const warmupText = optionValue(args, 'warmup');
  const requestedReps = repsText === undefined ? undefined : parseIntOption(repsText, 'reps', 1, 1000);
  const requestedWarmup = warmupText === undefined ? undefined : parseIntOption(warmupText, 'warmup', 0, 100);
  const base = outBase(optionValue(args, 'out') ?? 'bench-results');
  await ensureDir(dirname(base), 'out');

  const gpu = await openGpu(onExit);
  const emulated = gpu.isCpuEmulation;
  const sizes = requestedSizes ?? (emulated ? EMULATION_SIZES : GPU_SIZES);
  const reps = requestedReps ?? (emulated ? 3 : 10);
  const warmup = requestedWarmup ?? (emulated ? 1 : 2);
  const device = describeDevice(gpu);
  process.stderr.write(`device: ${device}\n`);
  if (emulated) {
    process.stderr.write('note: this adapter is CPU emulation (SwiftShader); its timings say nothing about GPU performance\n');
  }

  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort(new DOMException('cancelled by Ctrl-C', 'AbortError')));
  const progress = progressPrinter((line) => process.stderr.write(line + '\n'));
  const results: MatmulTiming[] = [];
  try {
    for (const [k, n] of sizes.entries()) {
      progress(k / sizes.length, `matmul n=${n} (${warmup} warm-up + ${reps} timed)`);
      const a = fillUniform(DATA_SEED, n * n);
      const b = fillUniform(DATA_SEED + 1, n * n);
      results.push(await timeMatmul(gpu, a, b, { M: n, N: n, K: n }, { warmup, reps, signal: controller.signal }));
    }
    progress(1, 'done');
  } catch (e) {
    if (!isAbortError(e)) throw e;
    process.stderr.write('error: cancelled\n');
    return 130;
  }

  const table = resultTable(results);
  const label = emulated ? ' — CPU emulation, not GPU performance' : '';
  process.stdout.write(`device: ${device}\n\n${formatTable({ ...table, title: table.title + label }, Infinity)}\n`);

  const params = { sizes: sizes.join(','), reps, warmup };
  const generatedAt = new Date().toISOString();
  const csv = buildCsv(table, { experiment: 'bench:matmul', params, seed: DATA_SEED, device, appVersion: __APP_VERSION__, generatedAt });
  const json = {
    benchmark: 'matmul',
    provenance: 'measured',
    note: emulated ? 'CPU emulation (SwiftShader): these times are not GPU performance' : undefined,
    device: deviceJson(gpu),
    params,
    dataSeed: DATA_SEED,
    appVersion: __APP_VERSION__,
    generatedAt,
    results: results.map((t) => ({ n: t.shape.M, ...t })),
  };
  await writeFile(`${base}.csv`, csv);
  await writeFile(`${base}.json`, JSON.stringify(json, null, 2) + '\n');
  process.stdout.write(`\nwrote ${base}.csv and ${base}.json\n`);
});
