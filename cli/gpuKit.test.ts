// The GPU kit (`npm run gpu-kit`, scripts/build-gpu-kit.mjs, scripts/gpu-kit/run.sh) end to end:
// build it, run `run.sh --quick` from an empty folder with a PATH that holds no `node` (only a
// POSIX shell, tar, xz and base tools) against SwiftShader's Vulkan ICD through the kit's own
// Vulkan loader, and read back everything it wrote. No GPU is here, so the plan's GPU settings
// (full and --quick) are checked against the experiments' parameter schemas instead of run.
// Nothing here asserts how long anything took.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBenchCsv } from './benchCsv';
import { REPO_ROOT } from './spawnCli';
import { assertValidParams, parseParam } from '../src/core/params';
import type { ParamValues } from '../src/core';
import { experiments, findExperiment } from '../src/experiments/registry';

const SWIFTSHADER_ICD = process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json';
const RUN_SH = join(REPO_ROOT, 'scripts', 'gpu-kit', 'run.sh');
/** run.sh's own budget on CPU emulation (seconds), read from the script. */
const EMULATION_BUDGET_S = Number(/BUDGET_GIVEN = 0 \]; then\s+BUDGET=(\d+)/.exec(readFileSync(RUN_SH, 'utf8'))?.[1]);
/** Time run.sh spends before its first step (unpacking, finding the adapter), kept out of the caps. */
const BEFORE_STEPS_S = 30;
/** What run.sh may use besides the shell's builtins: no node, npm or network tools. */
const TOOLS = [
  'sh',
  'tar',
  'xz',
  'sed',
  'grep',
  'mktemp',
  'date',
  'sleep',
  'uname',
  'getconf',
  'cat',
  'cp',
  'rm',
  'mkdir',
  'chmod',
  'mv',
  'ls',
  'tr',
  'sort',
  'basename',
  'dirname',
  'head',
  'tail',
  'cut',
];

const dir = mkdtempSync(join(tmpdir(), 'gpu-kit-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Step {
  id: string;
  experiment: string;
  status: string;
  exitCode: number | null;
  args: string;
  files: string[];
  note: string;
}
interface Summary {
  status: string;
  mode: string;
  settings: string;
  cpuEmulation: boolean;
  vulkan: { loader: string; icd: string };
  adapter: { description: string; isFallbackAdapter: boolean };
  kit: { totalBytes: number; node: string; files: Record<string, number> };
  steps: Step[];
}

/** A bin folder with links to the tools run.sh needs, and nothing else. */
function minimalPath(): string {
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  for (const tool of TOOLS) {
    const found = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => join(d, tool)).find((p) => existsSync(p));
    if (found) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd ?? REPO_ROOT, env: opts.env, timeout: opts.timeoutMs, maxBuffer: 32 << 20 },
      (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') {
          reject(new Error(`${cmd} did not exit normally (${err.signal ?? err.message})\n${stdout}\n${stderr}`));
          return;
        }
        resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** The plan run.sh prints for a mode: `id|experiment|cap|min|args`. */
function plan(mode: 'full' | 'quick' | 'emulation') {
  const text = execFileSync('sh', [RUN_SH, '--plan', mode], { encoding: 'utf8' });
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, experiment, cap, min, args] = line.split('|');
      return { id: id!, experiment: experiment!, cap: Number(cap), min: Number(min), args: args ?? '' };
    });
}

/** What the experiment CLI does with `--preset P --set k=v ...`, without running anything. */
function resolvePlanArgs(experimentId: string, args: string): ParamValues {
  const exp = findExperiment(experimentId);
  if (!exp) throw new Error(`no experiment ${experimentId}`);
  const words = args.split(/\s+/).filter(Boolean);
  let values: ParamValues = {};
  for (let i = 0; i < words.length; i += 2) {
    const [flag, value] = [words[i]!, words[i + 1]];
    if (value === undefined) throw new Error(`${flag} has no value`);
    if (flag === '--preset') {
      const preset = exp.presets.find((p) => p.id === value);
      if (!preset) throw new Error(`unknown preset ${value}; presets: ${exp.presets.map((p) => p.id).join(', ')}`);
      values = { ...values, ...preset.values };
    } else if (flag === '--set') {
      const eq = value.indexOf('=');
      const spec = exp.params.find((s) => s.key === value.slice(0, eq));
      if (!spec) throw new Error(`unknown parameter ${value.slice(0, eq)}`);
      const parsed = parseParam(spec, value.slice(eq + 1));
      if ('error' in parsed) throw new Error(parsed.error);
      values[spec.key] = parsed.value;
    } else throw new Error(`unexpected ${flag}`);
  }
  return assertValidParams(exp.params, values);
}

describe("the GPU kit's plan", () => {
  it('names every registered experiment, so each gets settings for GPUs', () => {
    const planned = new Set(plan('full').map((s) => s.experiment));
    expect(experiments.map((e) => e.id).filter((id) => !planned.has(id))).toEqual([]);
  });

  it.each(['full', 'quick', 'emulation'] as const)('%s: every step is a valid command line', (mode) => {
    const steps = plan(mode);
    expect(steps.length).toBeGreaterThan(5);
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    const problems: string[] = [];
    for (const s of steps) {
      if (s.args.startsWith('skip:')) {
        expect(mode).toBe('emulation');
        continue;
      }
      expect(s.cap).toBeGreaterThanOrEqual(s.min);
      try {
        resolvePlanArgs(s.experiment, s.args);
      } catch (e) {
        problems.push(`${s.id}: ${(e as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('CPU emulation: the steps’ time boxes fit in the budget, so none is cut short for time', () => {
    expect(EMULATION_BUDGET_S).toBeGreaterThan(0);
    const caps = plan('emulation')
      .filter((s) => !s.args.startsWith('skip:'))
      .reduce((a, s) => a + s.cap, 0);
    expect(caps + BEFORE_STEPS_S).toBeLessThanOrEqual(EMULATION_BUDGET_S);
  });

  it.each(['full', 'quick', 'emulation'] as const)(
    '%s: the peers run only in bench-peers, so a slow peer never costs our own rows',
    (mode) => {
      const steps = plan(mode).filter((s) => s.experiment === 'benchmarks');
      expect(steps.map((s) => s.id)).toEqual(['bench-matmul', 'bench-attention', 'bench-search', 'bench-peers']);
      for (const s of steps) {
        const p = resolvePlanArgs(s.experiment, s.args);
        expect([p.ort, p.tfjs], s.id).toEqual(s.id === 'bench-peers' ? [true, true] : [false, false]);
      }
    },
  );
});

describe('npm run gpu-kit, then run.sh --quick without node on SwiftShader', () => {
  const kit = join(dir, 'kit');
  const out = join(dir, 'results');
  let build: { code: number; stdout: string; stderr: string };
  let runResult: { code: number; stdout: string; stderr: string };
  let path: string;

  beforeAll(async () => {
    build = await run(process.execPath, ['scripts/build-gpu-kit.mjs', '--out', kit, '--fast'], {
      env: process.env,
      timeoutMs: 300_000,
    });
    if (build.code !== 0) return;
    path = minimalPath();
    const empty = join(dir, 'cwd');
    mkdirSync(empty);
    runResult = await run('/bin/sh', [join(kit, 'run.sh'), out, '--quick'], {
      cwd: empty,
      env: { PATH: path, HOME: dir, VK_ICD_FILENAMES: SWIFTSHADER_ICD, GPU_KIT_LOADER: 'bundled' },
      // run.sh keeps to its own budget on CPU emulation; a minute more lets it finish writing.
      timeoutMs: (EMULATION_BUDGET_S + 60) * 1000,
    });
  }, 1_000_000);

  it('builds a kit of at most 40 MiB with the runtime, dawn.node, the CLIs and run.sh', () => {
    expect(build.stderr).toMatch(/wrote .* MiB; limit 40\.0 MiB/);
    expect(build.code).toBe(0);
    const files = readdirSync(kit).sort();
    expect(files).toEqual(['README.txt', 'app.tar.xz', 'kit.json', 'node.xz', 'run.sh', 'runtime.tar.xz']);
    const total = files.reduce((a, f) => a + statSync(join(kit, f)).size, 0);
    expect(total).toBeLessThanOrEqual(40 * 2 ** 20);
    const manifest = JSON.parse(readFileSync(join(kit, 'kit.json'), 'utf8'));
    expect(manifest.node).toBe(process.version);
    expect(manifest.clis).toEqual(['experiment', 'kernel', 'adapter']);
  });

  it('the PATH given to run.sh has no node', () => {
    const r = execFileSync('/bin/sh', ['-c', 'command -v node || echo none'], {
      env: { PATH: path },
      encoding: 'utf8',
    });
    expect(r.trim()).toBe('none');
  });

  it('runs every step on the kit’s own loader and says it is CPU emulation at the smallest settings', () => {
    if (runResult.code !== 0)
      throw new Error(`run.sh exited ${runResult.code}\n${runResult.stdout}\n${runResult.stderr}`);
    const log = readFileSync(join(out, 'run.log'), 'utf8');
    expect(log).toContain("Vulkan loader: the kit's copy");
    expect(log).toMatch(/adapter: .*CPU emulation/);
    expect(log).toContain('running the smallest settings');
    expect(log).toMatch(
      /peers: TensorFlow\.js .* and ONNX Runtime Web .* run in Node on the kit's dawn\.node device in bench-peers on the GEMM case only/,
    );
    expect(runResult.stdout).toContain('[ 40%]'); // progress lines of the steps come through

    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    expect(summary).toMatchObject({ status: 'ok', mode: 'quick', settings: 'emulation', cpuEmulation: true });
    expect(summary.vulkan).toMatchObject({ loader: 'bundled', icd: SWIFTSHADER_ICD });
    expect(summary.adapter.isFallbackAdapter).toBe(true);
    expect(summary.kit.node).toBe(process.version);
    const byId = new Map(summary.steps.map((s) => [s.id, s]));
    for (const id of [
      'probe',
      'bench-matmul',
      'bench-peers',
      'lv-xattn',
      'chai',
      'marius',
      'graph-snapshot',
      'ada-ivf',
      'roofline',
      'bagpipe',
    ])
      expect(byId.get(id)?.status, id).toBe('ok');
    expect(byId.get('spec-decoding')).toMatchObject({ status: 'skipped' });
    // Bagpipe's GPU training ran from the bundle, with two data-parallel trainers, its checks passing.
    const bagpipe = JSON.parse(readFileSync(join(out, 'bagpipe.json'), 'utf8')) as {
      result: { checks: { name: string; passed: boolean }[]; tables: { id: string }[] };
    };
    expect(bagpipe.result.tables.map((t) => t.id)).toContain('gpu-dp-allreduce');
    expect(bagpipe.result.checks.length).toBeGreaterThan(3);
    for (const c of bagpipe.result.checks) expect(c.passed, c.name).toBe(true);
    for (const s of summary.steps) expect(['ok', 'skipped'], `${s.id}: ${s.note}`).toContain(s.status);
  });

  it('writes each step’s JSON and CSV files, with the `# ` provenance header', () => {
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
    for (const step of summary.steps.filter((s) => s.status === 'ok')) {
      const doc = JSON.parse(readFileSync(join(out, `${step.id}.json`), 'utf8'));
      expect(doc.experiment.id).toBe(step.experiment);
      expect(doc.result.tables.length).toBeGreaterThan(0);
      const csvFiles = readdirSync(out).filter((f) => f === `${step.id}.csv` || f.startsWith(`${step.id}.`));
      expect(step.files.sort()).toEqual(csvFiles.filter((f) => /\.(csv|json)$/.test(f)).sort());
      for (const f of csvFiles.filter((name) => name.endsWith('.csv'))) {
        const text = readFileSync(join(out, f), 'utf8');
        expect(text.startsWith(`# experiment: ${step.experiment}\n`), f).toBe(true);
        const csv = parseBenchCsv(text);
        expect(csv.meta.device, f).toBeDefined();
        expect(csv.meta.columns, f).toBeDefined();
        expect(csv.columns.length, f).toBeGreaterThan(0);
        if (doc.device) expect(csv.meta.device).toContain('CPU emulation');
      }
    }
    const probe = parseBenchCsv(readFileSync(join(out, 'probe.csv'), 'utf8'));
    expect(probe.rows.map((r) => r.kernel)).toEqual(expect.arrayContaining(['f32 FMA', 'copy', 'matmul']));
    /** impl → status of a benchmark step's results table. */
    const statuses = (step: string) => {
      const bench = JSON.parse(readFileSync(join(out, `${step}.json`), 'utf8'));
      for (const c of bench.result.checks) expect(c.passed, `${step}: ${c.name}`).toBe(true);
      const results = bench.result.tables.find((t: { id: string }) => t.id === 'results');
      const col = (key: string) => results.columns.findIndex((c: { key: string }) => c.key === key);
      return {
        rows: results.rows.map((r: unknown[]) => `${r[col('impl')]}: ${r[col('status')]}`) as string[],
        peerChecks: bench.result.checks.filter((c: { name: string }) => /^(tfjs|ORT) /.test(c.name)).length as number,
      };
    };
    // Our own GEMM rows come from a step without peers...
    const ours = statuses('bench-matmul');
    expect(ours.rows).toEqual([
      'ours: ok',
      'ours, earlier tiled kernel: ok',
      'tfjs WebGPU: off (switched off in the parameters)',
      'ORT WebGPU: off (switched off in the parameters)',
    ]);
    // ...and both peers are measured in bench-peers: they ran from the kit (no node_modules) on
    // its dawn.node device, and their outputs matched ours (its checks include theirs).
    const peers = statuses('bench-peers');
    expect(peers.rows).toEqual(['ours: ok', 'ours, earlier tiled kernel: ok', 'tfjs WebGPU: ok', 'ORT WebGPU: ok']);
    expect(peers.peerChecks).toBeGreaterThanOrEqual(2);
  });
});
