// Device probe on dawn.node: measurements, checks and tables come back, cancelling stops it, and it
// refuses to run without WebGPU.
import { describe, expect, it } from 'vitest';
import { useNodeGpu } from '../../gpu/testing';
import { runExperiment } from '../runner';
import { deviceProbe } from './index';

describe('device probe on dawn.node', () => {
  const gpu = useNodeGpu();
  it('measures FMA, copy and matmul, verifies them, and flags CPU emulation', async () => {
    const progress: number[] = [];
    const r = await runExperiment(
      deviceProbe,
      { reps: 3, targetMs: 2, maxCopyMiB: 4, matmulSize: '128' },
      {
        gpu: gpu(),
        onProgress: (f) => progress.push(f),
      },
    );
    const metric = (k: string) => r.metrics.find((m) => m.key === k)!;
    expect(metric('fmaGflops').value).toBeGreaterThan(0);
    expect(metric('copyGBs').value).toBeGreaterThan(0);
    expect(metric('fmaGflops').provenance).toBe('measured');
    expect(r.checks.map((c) => c.name)).toHaveLength(3); // FMA, copy and matmul, each against a CPU reference
    for (const c of r.checks) expect(c.passed, `${c.name}: ${c.detail}`).toBe(true);
    expect(r.tables.map((t) => t.id)).toEqual(['microbench', 'roofline', 'device', 'limits']);
    const limits = r.tables.find((t) => t.id === 'limits')!;
    const binding = limits.rows.find((row) => row[0] === 'maxStorageBufferBindingSize')!;
    expect(binding[2]).toBe(binding[1]); // we request the adapter's maximum
    if (gpu().isCpuEmulation) expect(r.notices.join(' ')).toMatch(/CPU emulation/);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops when cancelled', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(runExperiment(deviceProbe, {}, { gpu: gpu(), signal: ac.signal })).rejects.toThrow(/abort/i);
  });

  it('refuses to run without a GPU', async () => {
    await expect(runExperiment(deviceProbe, {}, {})).rejects.toThrow(/needs WebGPU/);
  });
});
