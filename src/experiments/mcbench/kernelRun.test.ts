// The run on dawn.node (SwiftShader here): the compressors timed into a calibration the live model
// accepts, a tiny model trained, its real partial sums compressed on the GPU and checked against
// the CPU references, and the activation helpers against hand calculations.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { defaultValues } from '../../core/params';
import { modelExperiment, runExperiment } from '../runner';
import { mcbench } from './index';
import { bestLinearAutoencoder } from './activations';
import { scaledMethods } from './kernelRun';

const defaults = defaultValues(mcbench.params);

describe('activation helpers', () => {
  it('the best linear autoencoder is exact at full width and projects onto the dominant direction', () => {
    // YᵀY = [[13.02, 12.98], [12.98, 13.02]]: eigenvectors (1, 1)/√2 and (1, −1)/√2, so k = 1 keeps
    // the first two rows and maps the last two, which lie along (1, −1), to zero.
    const y = Float64Array.from([2, 2, 3, 3, 0.1, -0.1, -0.1, 0.1]);
    const full = bestLinearAutoencoder(y, 4, 2, 2).projection;
    for (let i = 0; i < y.length; i++) expect(full[i]).toBeCloseTo(y[i]!, 9);
    const one = bestLinearAutoencoder(y, 4, 2, 1).projection;
    for (const [i, want] of [2, 2, 3, 3, 0, 0, 0, 0].entries()) expect(one[i]).toBeCloseTo(want, 9);
    expect(() => bestLinearAutoencoder(y, 4, 2, 3)).toThrow(/between 1 and the hidden size/);
  });

  it('scales the panel’s k to a small message, keeping the same fraction', () => {
    const m = scaledMethods(defaults, 32 * 512 * 1024, 1024);
    expect(m.find((x) => x.kind === 'topk')!.k).toBe(10_000);
    expect(m.find((x) => x.kind === 'ae')!.aeDim).toBe(100);
    const small = scaledMethods(defaults, 1000, 64);
    expect(small.find((x) => x.kind === 'topk')!.k).toBe(1);
    expect(small.find((x) => x.kind === 'ae')!.aeDim).toBe(6);
  });
});

describe('mcbench run (dawn.node)', () => {
  const gpu = useNodeGpu();
  it(
    'times the compressors and compresses a tiny model’s real partial sums on the GPU',
    { timeout: 120_000 },
    async () => {
      const values = {
        ...defaults,
        measureRows: 64,
        measureHidden: 32,
        trainSteps: 0,
        modelWidth: 32,
        modelLayers: 2,
        trainSeq: 8,
        trainBatch: 2,
        tpParts: 2,
      };
      const r = await runExperiment(mcbench, values, { gpu: gpu(), seed: 3 });
      const overhead = r.tables.find((t) => t.id === 'measured-overhead')!;
      expect(overhead.rows).toHaveLength(6);
      for (const row of overhead.rows) for (const v of row.slice(1)) expect(Number(v)).toBeGreaterThan(0);
      const recon = r.tables.find((t) => t.id === 'reconstruction')!;
      expect(recon.rows).toHaveLength(12); // 6 compressors × early / later layers
      expect(recon.rows.map((row) => row[1])).toContain('later (layer 2)');
      const err = (name: string) =>
        recon.rows.filter((row) => String(row[0]).startsWith(name)).map((row) => Number(row[2]));
      for (const e of err('8-bit')) expect(e).toBeLessThan(0.05);
      for (const [e8, e2] of err('8-bit').map((e, i) => [e, err('2-bit')[i]!])) expect(e8).toBeLessThan(e2!);
      expect(r.checks.length).toBeGreaterThan(0);
      for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail ?? ''}`).toBe(true);
      expect(r.notices.join(' ')).toMatch(/nothing was trained/);
      if (gpu().info.isFallbackAdapter) {
        // CPU-emulation times are shown but calibrate nothing.
        expect(r.notices.join(' ')).toMatch(/CPU emulation/);
        expect(r.calibration).toBeUndefined();
        expect(r.tables.find((t) => t.id === 'iteration')!.rows[1]![8]).toBe('roofline estimate');
      } else {
        // On a GPU the calibration feeds the live model, which then says where its costs came from.
        expect(r.calibration?.['quant8.encodeCopies']).toBeGreaterThan(0);
        const calibrated = modelExperiment(mcbench, values, r.calibration)!;
        const rows = calibrated.tables.find((t) => t.id === 'iteration')!.rows.slice(1);
        expect(rows.every((row) => row[8] === 'measured on this device')).toBe(true);
      }
    },
  );

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runExperiment(mcbench, defaults, { gpu: gpu(), signal: ac.signal })).rejects.toThrow(/abort/i);
  });
});
