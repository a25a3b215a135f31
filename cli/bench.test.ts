// The bench CLI measures; this only checks that it runs, labels and writes what it promises.
// No assertion on any time (benchmarks are not timed tests).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from './spawnCli';

const dir = mkdtempSync(join(tmpdir(), 'bench-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench', () => {
  it('times small sizes and writes FILE.csv + FILE.json with device and method', async () => {
    const base = join(dir, 'sub', 'b');
    const r = await spawnCli('cli/bench.ts', ['--sizes', '8,17', '--reps', '1', '--warmup', '0', '--out', `${base}.csv`]);
    expect(r.stderr).not.toMatch(/^error/m);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${base}.csv and ${base}.json`);

    const csv = readFileSync(`${base}.csv`, 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('# experiment: bench:matmul');
    expect(csv).toContain('# params: sizes=8,17, reps=1, warmup=0');
    expect(csv.find((l) => l.startsWith('# device: '))).toBeDefined();
    expect(csv.find((l) => l.startsWith('# columns: '))).toContain('median [ms] (measured)');
    const header = csv.findIndex((l) => !l.startsWith('#'));
    expect(csv[header]).toBe('n,median,min,p90,gflops,method');
    expect(csv.slice(header + 1).map((l) => l.split(',')[0])).toEqual(['8', '17']);

    const json = JSON.parse(readFileSync(`${base}.json`, 'utf8')) as {
      device: { isCpuEmulation: boolean }; results: { n: number; medianMs: number; gflops: number; method: string }[];
    };
    expect(json.results.map((x) => x.n)).toEqual([8, 17]);
    for (const x of json.results) {
      expect(x.medianMs).toBeGreaterThan(0);
      // GFLOP/s must follow from the median: 2n³ flops.
      expect(x.gflops).toBeCloseTo((2 * x.n ** 3) / (x.medianMs * 1e6), 6);
      expect(['timestamp-query', 'wall-clock']).toContain(x.method);
    }
    if (json.device.isCpuEmulation) expect(r.stdout).toContain('CPU emulation, not GPU performance');
  });

  it('rejects bad sizes with exit 2 and writes nothing', async () => {
    for (const sizes of ['64,,128', '0', '64,abc', '99999']) {
      const r = await spawnCli('cli/bench.ts', ['--sizes', sizes, '--out', join(dir, 'never')]);
      expect(r.code, sizes).toBe(2);
      expect(r.stderr).toMatch(/^error: --sizes/);
    }
    expect(existsSync(join(dir, 'never.csv'))).toBe(false);
  });
});
