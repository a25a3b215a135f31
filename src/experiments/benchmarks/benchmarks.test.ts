// The benchmarks experiment on dawn.node (SwiftShader), our side only: the peers are switched off
// here (they run in Node too, see harness/nodePeers.test.ts, and in headless Chromium through
// `npm run bench`, cli/bench.test.ts), so their rows say so while our kernels are measured,
// checked against their CPU references, and placed against the probed roof.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import { UserInputError } from '../types';
import { BENCH_CASES } from './cases';
import { benchmarks } from './index';
import { RESULT_COLUMNS } from './tables';

const only = (ids: string[]) => Object.fromEntries(BENCH_CASES.map((c) => [c.id, ids.includes(c.id)]));

describe('benchmarks experiment on dawn.node', () => {
  const gpu = useNodeGpu();

  it('measures our kernels, checks them, and reports switched-off peers as off', { timeout: 120_000 }, async () => {
    const progress: number[] = [];
    const r = await runExperiment(
      benchmarks,
      { size: 'small', reps: 10, warmup: 1, ort: false, tfjs: false, ...only(['decode', 'topk100', 'csr', 'ivf']) },
      {
        gpu: gpu(),
        onProgress: (f) => progress.push(f),
      },
    );
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(r.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'decode attention (ours) vs CPU reference',
        'top-100 distances (ours) vs CPU reference',
        'CSR mean (ours) vs CPU reference',
      ]),
    );
    expect(r.tables.map((t) => t.id)).toEqual(['results', 'ratios', 'roof', 'peers', 'ivf', 'cases']);

    const results = r.tables.find((t) => t.id === 'results')!;
    const at = (key: string) => RESULT_COLUMNS.findIndex((c) => c.key === key);
    const ours = results.rows.filter((row) => row[at('impl')] === 'ours' || row[at('impl')] === 'ours IVF');
    expect(ours.map((row) => row[at('case')])).toEqual(['decode', 'topk100', 'csr', 'ivf']);
    for (const row of ours) {
      expect(row[at('status')]).toBe('ok');
      expect(row[at('reps')]).toBe(10);
      expect(row[at('medianMs')] as number).toBeGreaterThan(0);
      expect(row[at('minMs')] as number).toBeLessThanOrEqual(row[at('medianMs')] as number);
      expect(row[at('roofPct')] as number).toBeGreaterThan(0);
    }
    const peers = results.rows.filter((row) => /ORT|tfjs/.test(String(row[at('impl')])));
    expect(peers.length).toBe(3); // decode: ORT; topk100: tfjs; csr: tfjs
    for (const row of peers) {
      expect(row[at('status')]).toMatch(/^off/);
      expect(row[at('medianMs')]).toBeNull();
    }
    // The IVF case reaches the recall target and compares with exact search.
    const ivf = r.tables.find((t) => t.id === 'ivf')!;
    expect(ivf.rows.at(-1)![1] as number).toBeGreaterThanOrEqual(0.9);
    const ratios = r.tables.find((t) => t.id === 'ratios')!;
    expect(ratios.rows.map((row) => row[1])).toEqual(['ours exact k-NN (baseline)']);

    if (gpu().isCpuEmulation) expect(r.notices[0]).toMatch(/CPU emulation/);
    expect(r.metrics.find((m) => m.primary)!.value).toBe('n/a');
    expect(progress.at(-1)).toBe(1);
  });

  it('refuses a run with every case switched off, naming the problem', async () => {
    await expect(runExperiment(benchmarks, only([]), { gpu: gpu() })).rejects.toThrow(UserInputError);
    await expect(runExperiment(benchmarks, only([]), { gpu: gpu() })).rejects.toThrow(/switch on at least one case/);
  });

  it('needs a GPU', async () => {
    await expect(runExperiment(benchmarks, {}, {})).rejects.toThrow(/needs WebGPU/);
  });
});
