// `npm run kernel -- <kernel> --in name=FILE.npy ... [--set key=value ...] --out DIR`
// Runs one GPU kernel on the user's .npy inputs and writes each output as DIR/<name>.npy, so
// numpy / PyTorch users can check our kernels against their own framework.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatOptions,
  optionValue,
  parseCommand,
  splitKeyValue,
  UsageError,
  type OptionSpecs,
  type ParsedArgs,
} from './args';
import { describeDevice, openGpu } from './device';
import { formatParamSpecs } from './describe';
import { ensureDir, readParamFiles, readUserFile } from './files';
import { formatNumber } from './format';
import { runCli } from './main';
import { encodeNpy, parseNpyConverting } from '../src/data/npy';
import type { NdArray } from '../src/data/ndarray';
import { assertValidParams, parseParam } from '../src/core/params';
import type { ParamValues } from '../src/core';
import { findKernel, kernels } from '../src/kernels/registry';
import type { KernelEntry, TensorSpec } from '../src/kernels/types';

const OPTIONS: OptionSpecs = {
  list: { kind: 'switch', help: 'list kernels with their inputs, outputs and settings' },
  in: {
    kind: 'value',
    repeat: true,
    meta: 'name=FILE.npy',
    help: 'one input tensor (float32/int32, C order; float64/int64 are converted with a note)',
  },
  set: {
    kind: 'value',
    repeat: true,
    meta: 'key=value',
    help: 'one kernel setting (for a file setting, the value is its path)',
  },
  out: { kind: 'value', meta: 'DIR', help: 'directory for the outputs, written as DIR/<output>.npy' },
  help: { kind: 'switch', help: 'show this help' },
};

const USAGE = `usage: npm run kernel -- <kernel> --in name=FILE.npy ... [--set key=value ...] --out DIR
       npm run kernel -- --list

${formatOptions(OPTIONS)}`;

/** The shapes a TensorSpec accepts, e.g. "[B, S] or [S]" when leading dimensions may be left out. */
function shapesText(t: TensorSpec): string {
  const skip = t.optionalLeadingDims ?? 0;
  return Array.from({ length: skip + 1 }, (_, k) => `[${t.shape.slice(k).join(', ')}]`).join(' or ');
}

const tensorText = (t: TensorSpec) => `${t.name} ${t.dtype} ${shapesText(t)}${t.help ? ` — ${t.help}` : ''}`;

function listKernels(): string {
  return kernels
    .map((k) =>
      [
        `${k.name} — ${k.summary}`,
        `  inputs:`,
        ...k.inputs.map((t) => `    ${tensorText(t)}`),
        `  outputs:`,
        ...k.outputs.map((t) => `    ${tensorText(t)}`),
        `  settings:`,
        formatParamSpecs(k.settings, '    '),
      ].join('\n'),
    )
    .join('\n\n');
}

function resolveSettings(entry: KernelEntry, args: ParsedArgs): ParamValues {
  const values: ParamValues = {};
  for (const text of args.values.get('set') ?? []) {
    const [key, raw] = splitKeyValue(text, 'set');
    const spec = entry.settings.find((s) => s.key === key);
    if (!spec) {
      throw new UsageError(
        `unknown setting "${key}" for kernel ${entry.name}; settings: ${entry.settings.map((s) => s.key).join(', ') || '(none)'}`,
      );
    }
    const parsed = parseParam(spec, raw);
    if ('error' in parsed) throw new UsageError(parsed.error);
    values[key] = parsed.value;
  }
  return assertValidParams(entry.settings, values);
}

/** Reads every --in file and checks names, dtypes and ranks against the kernel's TensorSpecs. */
async function readInputs(entry: KernelEntry, args: ParsedArgs): Promise<Record<string, NdArray>> {
  const expected = entry.inputs.map((t) => t.name).join(', ');
  const files = new Map<string, string>();
  for (const text of args.values.get('in') ?? []) {
    const [name, file] = splitKeyValue(text, 'in');
    if (!entry.inputs.some((t) => t.name === name))
      throw new UsageError(`kernel ${entry.name} has no input "${name}"; inputs: ${expected}`);
    if (files.has(name)) throw new UsageError(`input "${name}" was given twice`);
    files.set(name, file);
  }
  const missing = entry.inputs.filter((t) => !files.has(t.name));
  if (missing.length) {
    throw new UsageError(
      `missing input${missing.length > 1 ? 's' : ''} for ${entry.name}: ${missing.map((t) => `--in ${t.name}=FILE.npy (${t.dtype} ${shapesText(t)})`).join(', ')}`,
    );
  }

  const out: Record<string, NdArray> = {};
  for (const spec of entry.inputs) {
    const file = files.get(spec.name)!;
    // Narrow straight to the spec's dtype where that is exact (an integer-valued float64 file for
    // an int32 input), so a mismatch names the file's own dtype, never an intermediate one.
    const { array: arr, converted } = parseNpyConverting(
      await readUserFile(file, `input ${spec.name}`),
      `input ${spec.name} (${file})`,
      spec.dtype,
    );
    if (arr.dtype !== spec.dtype) {
      throw new UsageError(
        `input ${spec.name} (${file}) is ${converted?.from ?? arr.dtype}, expected ${spec.dtype} (numpy: .astype(np.${spec.dtype}))`,
      );
    }
    if (converted)
      process.stderr.write(
        `note: input ${spec.name} (${file}) is ${converted.from} (numpy's default); converted to ${converted.to}` +
          (converted.from === 'float64' && converted.to === 'float32'
            ? ' (rounded to nearest)\n'
            : ' (every value fits)\n'),
      );
    const maxRank = spec.shape.length;
    const minRank = maxRank - (spec.optionalLeadingDims ?? 0);
    if (arr.shape.length < minRank || arr.shape.length > maxRank) {
      const ranks = minRank === maxRank ? `rank ${maxRank}` : `rank ${minRank}..${maxRank}`;
      throw new UsageError(
        `input ${spec.name} (${file}) has shape [${arr.shape.join(', ')}] (rank ${arr.shape.length}), expected ${ranks}: ${shapesText(spec)}`,
      );
    }
    out[spec.name] = arr;
  }
  return out;
}

await runCli(async (onExit) => {
  const command = parseCommand(process.argv.slice(2), {
    noun: 'kernel',
    options: OPTIONS,
    usage: USAGE,
    known: kernels.map((k) => k.name),
    list: listKernels,
  });
  if (!command) return;
  const { name, args } = command;
  const entry = findKernel(name);
  if (!entry) throw new UsageError(`unknown kernel "${name}"; known: ${kernels.map((k) => k.name).join(', ')}`);
  const settings = resolveSettings(entry, args);
  const outDir = optionValue(args, 'out');
  if (outDir === undefined) throw new UsageError(`--out DIR is required (outputs are written as DIR/<name>.npy)`);
  const inputs = await readInputs(entry, args);
  const files = await readParamFiles(entry.settings, settings);
  await ensureDir(outDir, 'out');

  const gpu = await openGpu(onExit);
  const started = performance.now();
  const outputs = await entry.run(gpu, inputs, settings, files);
  const wallMs = performance.now() - started;

  for (const spec of entry.outputs) {
    const arr = outputs[spec.name];
    if (!arr) throw new Error(`kernel ${entry.name} returned no output "${spec.name}"`);
    const path = join(outDir, `${spec.name}.npy`);
    await writeFile(path, encodeNpy(arr));
    process.stdout.write(`${spec.name}: ${arr.dtype} [${arr.shape.join(', ')}] -> ${path}\n`);
  }
  process.stdout.write(`device: ${describeDevice(gpu)}\n`);
  process.stdout.write(
    `wall time: ${formatNumber(wallMs)} ms [measured; one run including pipeline compile, upload, dispatch and readback${gpu.isCpuEmulation ? '; CPU emulation, not GPU performance' : ''}]\n`,
  );
});
