// `npm run bench` end to end on the smallest shapes: build, preview server, headless Chromium on
// SwiftShader, the Benchmarks experiment with both peers, CSV downloads, FILE.csv + FILE.json.
// Benchmarks measure; no assertion here is about how fast anything is, only about what is
// reported and that the numbers are consistent with each other.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './spawnCli';
import { parseBenchCsv } from './benchCsv';

const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Report {
  device: string;
  cpuEmulation: boolean;
  checks: { passed: boolean; name: string; detail: string }[];
  metrics: { key: string; value: string }[];
  tables: Record<string, { rows: Record<string, string | number | null>[] }>;
  pageErrors: string[] | null;
  blockedRequests: string[] | null;
}

describe('npm run bench', () => {
  it('runs ours, ORT and tfjs in headless Chromium and writes FILE.csv + FILE.json', { timeout: 170_000 }, async () => {
    const base = join(dir, 'sub', 'b');
    const r = await spawnCli(
      'cli/bench.ts',
      ['--cases', 'xattn,matmul', '--size', 'small', '--out', `${base}.json`],
      160_000,
    );
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${base}.csv and ${base}.json`);

    // FILE.csv is the page's own download of the results table (buildCsv format).
    const csv = parseBenchCsv(readFileSync(`${base}.csv`, 'utf8'));
    expect(csv.meta.experiment).toBe('benchmarks');
    expect(csv.meta.params).toContain('xattn=true, decode=false, matmul=true');
    expect(csv.meta.columns).toContain('medianMs [ms] (measured)');
    expect(csv.rows.map((x) => `${x.case}/${x.impl}`)).toEqual([
      'xattn/ours',
      'xattn/ORT WebGPU',
      'matmul/ours',
      'matmul/ours, earlier tiled kernel',
      'matmul/tfjs WebGPU',
      'matmul/ORT WebGPU',
    ]);

    const json = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Report;
    expect(Object.keys(json.tables)).toEqual(['results', 'ratios', 'roof', 'peers', 'cases']);
    // In headless Chromium both peers must really load and run: a broken WASM path would be a
    // same-origin 404 that blockedRequests cannot see, so require status ok here.
    expect(json.tables.peers!.rows.map((p) => [p.peer, p.status])).toEqual([
      ['ORT WebGPU', 'ok'],
      ['tfjs WebGPU', 'ok'],
    ]);
    for (const p of json.tables.peers!.rows) expect(p.loadMs as number).toBeGreaterThan(0);
    expect(json.blockedRequests).toEqual([]); // peers' WASM came from our own origin
    expect(json.pageErrors).toEqual([]);
    for (const c of json.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    const rows = json.tables.results!.rows;
    const ours = (c: string) => rows.find((x) => x.case === c && x.impl === 'ours')!;
    for (const row of rows) {
      if (row.impl === 'ours') {
        expect(row.status).toBe('ok');
        expect(row.method).toMatch(/^(timestamp-query|wall-clock)$/);
      }
      expect(row.status, `${row.case}/${row.impl}`).toBe('ok');
      expect(row.reps).toBe(10);
      expect(row.minMs as number).toBeLessThanOrEqual(row.medianMs as number);
      expect(row.firstRunMs as number).toBeGreaterThan(0);
      if (row.impl !== 'ours') {
        // The ratio is the wall-clock medians' quotient, and outputs agree on the same inputs.
        expect(row.speedupWall as number).toBeCloseTo(
          (row.wallMedianMs as number) / (ours(row.case as string).wallMedianMs as number),
          9,
        );
        expect(row.maxAbsError as number).toBeLessThan(1e-3);
      }
    }
    expect(json.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['cross-attention (ours) vs CPU reference', 'matmul (ours) vs CPU reference']),
    );
    if (json.cpuEmulation) expect(r.stdout).toContain('CPU emulation: compare ratios, not speeds');
  });

  it(
    'with --host node runs ours, ORT and tfjs on one dawn.node device and writes the same files',
    { timeout: 240_000 },
    async () => {
      const base = join(dir, 'node');
      const r = await spawnCli(
        'cli/bench.ts',
        // SwiftShader named: on a machine with a GPU device node the default would be its own driver.
        ['--host', 'node', '--adapter', 'swiftshader', '--cases', 'matmul', '--size', 'small', '--out', base],
        230_000,
      );
      expect(r.stderr).not.toMatch(/^error/m);
      expect(r.code).toBe(0);
      expect(r.stderr).not.toContain('building the app');
      const csv = parseBenchCsv(readFileSync(`${base}.csv`, 'utf8'));
      expect(csv.meta.experiment).toBe('benchmarks');
      const json = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as Report & { host: string };
      expect(json.host).toMatch(/^node/);
      // No page in Node, and nothing watches requests: not monitored, rather than "none seen".
      expect([json.pageErrors, json.blockedRequests]).toEqual([null, null]);
      // Both peers load in Node, on our device, and say so; their outputs match ours.
      for (const p of json.tables.peers!.rows) {
        expect(p.status, String(p.peer)).toBe('ok');
        expect(String(p.version)).toMatch(/\(Node, dawn\.node device: .+\)$/);
      }
      expect(csv.rows.map((x) => `${x.impl}: ${x.status}`)).toEqual([
        'ours: ok',
        'ours, earlier tiled kernel: ok',
        'tfjs WebGPU: ok',
        'ORT WebGPU: ok',
      ]);
      for (const c of json.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
      expect(json.checks.map((c) => c.name)).toEqual(
        expect.arrayContaining([
          'matmul (ours) vs CPU reference',
          'tfjs matMul (matmul) vs ours',
          'ORT MatMul (matmul) vs ours',
        ]),
      );
      if (json.cpuEmulation) expect(r.stdout).toContain('CPU emulation: compare ratios, not speeds');
    },
  );

  it('rejects bad options with exit 2 before building anything', async () => {
    // Every option's parsing is covered in benchOptions.test.ts; this checks the exit-code plumbing.
    for (const [args, message] of [
      [['--size', 'huge'], /^error: --size "huge" is not valid/m],
      [['--bogus'], /^error: unknown option --bogus/m],
    ] as const) {
      const r = await spawnCli('cli/bench.ts', [...args, '--out', join(dir, 'never')]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(message);
      expect(r.stderr).not.toContain('building the app');
    }
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });
});
