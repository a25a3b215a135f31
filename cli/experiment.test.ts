// The experiment CLI end to end, spawned like `npm run experiment`. Roofline is purely modeled
// (fast, no GPU); the device probe exercises the GPU path on whatever adapter dawn.node finds.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/core';
import { spawnCli } from './spawnCli';

const dir = mkdtempSync(join(tmpdir(), 'experiment-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const experimentCli = (...args: string[]) => spawnCli('cli/experiment.ts', args);

/** A user error: exit 2, one `error: ` line naming the problem, no stack trace. */
function expectUserError(r: { code: number; stderr: string }, message: string | RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  if (typeof message === 'string') expect(r.stderr).toContain(message);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('npm run experiment', () => {
  it('--list shows each experiment with its gpu need, params and presets', async () => {
    const r = await experimentCli('--list');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^device-probe — /m);
    expect(r.stdout).toMatch(/^roofline — .*\n  topic: .*; gpu: none/m);
    expect(r.stdout).toMatch(/^ {4}intensity +number, log +a number in \[0\.01, 10000\] FLOP\/B/m);
    expect(r.stdout).toContain('    gemm-4096: ');
  });

  it('rejects an unknown experiment, listing the known ids', async () => {
    expectUserError(
      await experimentCli('no-such-experiment'),
      /unknown experiment "no-such-experiment"; known: .*device-probe/,
    );
  });

  it('accepts the old id graphsnapshot for graph-snapshot', async () => {
    // An unknown parameter stops the run before any GPU work, after the id has been resolved.
    const r = await experimentCli('graphsnapshot', '--set', 'nosuch=1');
    expectUserError(r, 'unknown parameter "nosuch" for graph-snapshot; parameters: graph,');
    expectUserError(
      await experimentCli('graph-snapshot', '--preset', 'nope'),
      /unknown preset "nope" for graph-snapshot; presets: /,
    );
  });

  it('rejects an unknown parameter, listing the known ones', async () => {
    expectUserError(
      await experimentCli('roofline', '--set', 'nosuch=1'),
      'unknown parameter "nosuch" for roofline; parameters: intensity,',
    );
  });

  it('rejects an out-of-range value, naming the allowed range', async () => {
    expectUserError(
      await experimentCli('roofline', '--set', 'intensity=0'),
      'intensity="0" is not valid: expected a number in [0.01, 10000]',
    );
    expectUserError(await experimentCli('roofline', '--set', 'gpuModel=v100'), /expected one of .*a100-80gb/);
  });

  it('rejects an unknown preset and a bad seed', async () => {
    expectUserError(
      await experimentCli('roofline', '--preset', 'nope'),
      /unknown preset "nope" for roofline; presets: .*gemm-4096/,
    );
    expectUserError(
      await experimentCli('roofline', '--seed', '-3'),
      '--seed "-3" is not valid: expected an integer in [0, 4294967295]',
    );
  });

  it('writes every table as CSV with the provenance comment header', async () => {
    const out = join(dir, 'nested', 'x.csv');
    const r = await experimentCli(
      'roofline',
      '--preset',
      'gemm-4096',
      '--set',
      'efficiency=0.5',
      '--seed',
      '7',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${out} (`);
    const files = readdirSync(join(dir, 'nested')).sort();
    expect(files[0]).toBe('x.csv');
    expect(files.length).toBeGreaterThan(1); // roofline has more than one table
    for (const f of files) expect(f).toMatch(/^x(\.[\w-]+)?\.csv$/);

    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines[0]).toBe('# experiment: roofline');
    const comment = (key: string) => lines.find((l) => l.startsWith(`# ${key}: `));
    expect(comment('params')).toContain('efficiency=0.5');
    expect(comment('seed')).toBe('# seed: 7');
    expect(comment('device')).toBe('# device: none');
    expect(comment('app version')).toMatch(/^# app version: \d+\.\d+\.\d+/);
    const firstData = lines.findIndex((l) => !l.startsWith('#'));
    expect(firstData).toBeGreaterThan(0);
    expect(lines[firstData]!.split(',').length).toBeGreaterThan(1);
    expect(lines.length - firstData).toBeGreaterThan(2); // header + at least one row + trailing newline
  });

  it('--json prints the whole result with params, seed and device', async () => {
    const r = await experimentCli('roofline', '--json', '--set', 'intensity=2');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      params: Record<string, unknown>;
      seed: number;
      device: unknown;
      result: RunResult;
    };
    expect(doc.params.intensity).toBe(2);
    expect(doc.seed).toBe(42);
    expect(doc.device).toBeNull();
    expect(doc.result.tables.length).toBeGreaterThan(0);
    expect(
      doc.result.metrics.every((m) => ['measured', 'computed', 'modeled', 'paper', 'datasheet'].includes(m.provenance)),
    ).toBe(true);
  });

  // No Vulkan driver at all: dawn.node finds no adapter, as on a machine without a GPU.
  const noGpu = { VK_ICD_FILENAMES: join(dir, 'no-such-icd.json') };

  it('--json carries each paper claim with its verdict; the plain output prints one line per claim', async () => {
    const r = await spawnCli('cli/experiment.ts', ['marius', '--preset', 'freebase86m-c8', '--json'], 60_000, noGpu);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      reproductions: { key: string; paper: number; ours: number; status: string; deviation: number; cause?: string }[];
      result: RunResult;
    };
    expect(doc.reproductions).toHaveLength(1);
    const rep = doc.reproductions[0]!;
    expect(rep).toMatchObject({ key: 'freebase-c8', paper: 136, status: 'off' });
    expect(rep.deviation).toBeCloseTo((rep.ours - 136) / 136, 12);
    expect(rep.cause).toMatch(/disk/);
    expect(doc.result.reproductions).toHaveLength(1);

    const plain = await spawnCli('cli/experiment.ts', ['marius', '--preset', 'freebase86m'], 60_000, noGpu);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(
      /^paper reproduction:\n {2}- Marius, Freebase86m d=100, 16 partitions, buffer C=4: 10 epochs: \d+ min vs paper 162 min \(Marius OSDI'21, Table 5\): within ±15 %$/m,
    );
  });

  it('without a GPU, a GPU-optional experiment says it fell back to modeled results; --require-gpu exits 3 instead', async () => {
    const r = await spawnCli('cli/experiment.ts', ['marius', '--preset', 'freebase86m'], 60_000, noGpu);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /^note: falling back to modeled results only: nothing below was measured on a GPU \(pass --require-gpu to fail instead\)\.$/m,
    );
    expect(r.stdout).toContain('device: none');
    const strict = await spawnCli(
      'cli/experiment.ts',
      ['marius', '--preset', 'freebase86m', '--require-gpu'],
      60_000,
      noGpu,
    );
    expect(strict.code).toBe(3);
    expect(strict.stderr).toMatch(/^error: --require-gpu: no WebGPU device \(/m);
    expect(strict.stdout).toBe('');
  });

  it('--require-gpu exits 3 on every path without a GPU: required experiments and named adapters too', async () => {
    const required = await spawnCli('cli/experiment.ts', ['device-probe', '--require-gpu'], 60_000, noGpu);
    expect(required.code).toBe(3);
    expect(required.stderr).toMatch(/^error: --require-gpu: no WebGPU device \(/m);
    const named = await spawnCli(
      'cli/experiment.ts',
      ['marius', '--preset', 'freebase86m', '--adapter', 'no-such-adapter-xyz', '--require-gpu'],
      60_000,
      noGpu,
    );
    expect(named.code).toBe(3);
    expect(named.stderr).toMatch(/^error: --require-gpu: no WebGPU device \(/m);
    // Without the flag a required experiment's missing GPU stays a user error (exit 2).
    const plain = await spawnCli('cli/experiment.ts', ['device-probe'], 60_000, noGpu);
    expect(plain.code).toBe(2);
  });

  it('--require-gpu is refused for an experiment that runs no GPU work', async () => {
    expectUserError(await experimentCli('roofline', '--require-gpu'), /--require-gpu: roofline runs no GPU work/);
  });

  it('runs a GPU experiment through dawn.node and passes its correctness checks', async () => {
    const r = await experimentCli('device-probe', '--preset', 'quick', '--json');
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      device: { description: string; isCpuEmulation: boolean } | null;
      result: RunResult;
    };
    expect(doc.device).not.toBeNull();
    expect(doc.result.checks.length).toBeGreaterThan(0);
    expect(doc.result.checks.filter((c) => !c.passed)).toEqual([]);
    expect(r.stderr).toMatch(/\[100%\]/); // progress goes to stderr, keeping stdout pure JSON
  });
});
