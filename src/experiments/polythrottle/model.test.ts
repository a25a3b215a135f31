// The simulated Jetsons: the paper's grid sizes and ladders, workloads against their published
// sizes, and physical sanity of latency, power and energy.
import { describe, expect, it } from 'vitest';
import { buildDeviceModel, defaultConfig, enumerateGrid } from './model';
import { DEVICES, dynamicShare, findDevice, memBandwidthGBs, topOf } from './devices';
import { findWorkload, totals } from './workloads';
import { UserInputError } from '../types';

describe('Jetson ladders and the search grid', () => {
  it('gives the paper’s 5005 (TX2) and 1820 (Orin) configurations with five batch sizes', () => {
    expect(enumerateGrid(DEVICES.tx2)).toHaveLength(5005);
    expect(enumerateGrid(DEVICES.orin)).toHaveLength(1820);
    for (const d of [DEVICES.tx2, DEVICES.orin]) {
      expect(d.batchSizes).toHaveLength(5);
      expect(enumerateGrid(d).every((c) => c.gpuMin <= c.gpuMax)).toBe(true);
    }
  });
  it('holds the clocks the paper reports as optima and its frequency ranges', () => {
    const gpu = DEVICES.orin.gpuMHz.map(Math.floor);
    for (const f of [1236, 1032, 1134, 216]) expect(gpu).toContain(f); // Table 3 (printed rounded)
    expect(DEVICES.tx2.memMHz).toEqual(expect.arrayContaining([1062.4, 1331.2]));
    expect(DEVICES.tx2.memMHz).toHaveLength(11);
    expect(DEVICES.orin.memMHz).toEqual([204, 665.6, 2133, 3199]);
    expect([DEVICES.tx2.gpuMHz[0], topOf(DEVICES.tx2.gpuMHz)]).toEqual([114.75, 1300.5]);
    expect([DEVICES.tx2.memMHz[0], topOf(DEVICES.tx2.memMHz)]).toEqual([40.8, 1866]);
  });
  it('reproduces Table 1’s peak bandwidth from the top memory clock and bus width', () => {
    expect(memBandwidthGBs(DEVICES.tx2, 1866)).toBeCloseTo(59.7, 0);
    expect(memBandwidthGBs(DEVICES.orin, 3199)).toBeCloseTo(204.8, 0);
  });
  it('refuses an unknown device or workload with a clear message', () => {
    expect(() => findDevice('nano')).toThrow(UserInputError);
    expect(() => findDevice('nano')).toThrow(/unknown device "nano"; known: tx2, orin/);
    expect(() => findWorkload('resnet')).toThrow(/unknown workload/);
  });
});

describe('workloads built from their architectures', () => {
  it('match the published multiply-adds and parameter counts', () => {
    const published: Record<string, [number, number]> = {
      b0: [0.39, 5.3],
      b4: [4.2, 19],
      b7: [37, 66],
      bert: [NaN, 110],
    };
    for (const [id, [gmacs, params]] of Object.entries(published)) {
      const w = findWorkload(id);
      if (!Number.isNaN(gmacs)) expect(totals(w).macs / 1e9 / gmacs, id).toBeCloseTo(1, 1);
      expect(Math.abs(w.params / 1e6 / params - 1), id).toBeLessThan(0.03);
    }
  });
});

describe('latency, power and energy', () => {
  const m = buildDeviceModel(DEVICES.orin, findWorkload('b4'), 'fp16');
  const grid = enumerateGrid(DEVICES.orin);
  it('energy per query is power × latency / batch, and power stays under Table 1’s maximum', () => {
    for (const d of [DEVICES.tx2, DEVICES.orin])
      for (const id of ['b0', 'b7', 'bert']) {
        const mm = buildDeviceModel(d, findWorkload(id), 'fp16');
        for (const c of enumerateGrid(d).filter((_, i) => i % 7 === 0)) {
          const e = mm.evaluate(c);
          expect(e.energyJ * d.batchSizes[c.batch]!).toBeCloseTo((e.powerW * e.latencyMs) / 1000, 9);
          expect(e.powerW).toBeLessThan(d.paperMaxPowerW);
          expect(e.powerW).toBeGreaterThan(d.staticW);
        }
      }
  });
  it('raising the minimum GPU clock never slows a query down (the governor only ever goes up)', () => {
    for (const c of grid.filter((x) => x.gpuMin < x.gpuMax)) {
      const up = m.evaluate({ ...c, gpuMin: c.gpuMin + 1 });
      expect(up.latencyMs).toBeLessThanOrEqual(m.evaluate(c).latencyMs + 1e-9);
    }
  });
  it('the governor runs busy models (BERT) at the top clock and lets small ones (B0) settle lower', () => {
    const bert = buildDeviceModel(DEVICES.orin, findWorkload('bert'), 'fp16').evaluate(defaultConfig(DEVICES.orin));
    const b0 = buildDeviceModel(DEVICES.orin, findWorkload('b0'), 'fp16').evaluate(defaultConfig(DEVICES.orin));
    expect(bert.gpuMHz).toBe(1300.5);
    expect(b0.gpuMHz).toBeLessThan(1300.5);
    expect(b0.load).toBeLessThanOrEqual(0.7 + 1e-9);
  });
  it('a lower memory clock never speeds a batch up; FP32 is never faster than FP16', () => {
    const m32 = buildDeviceModel(DEVICES.orin, findWorkload('b4'), 'fp32');
    for (let g = 0; g < 13; g++)
      for (let mem = 1; mem < 4; mem++) {
        expect(m.batchSeconds(g, mem - 1, 4)).toBeGreaterThanOrEqual(m.batchSeconds(g, mem, 4));
        expect(m32.batchSeconds(g, mem, 4)).toBeGreaterThanOrEqual(m.batchSeconds(g, mem, 4));
      }
  });
  it('switching power scales as f·V(f)²: flat voltage below the knee, so linear in f there', () => {
    const v = DEVICES.orin.gpuVoltage;
    expect(dynamicShare(v, 1300.5, 1300.5)).toBe(1);
    expect(dynamicShare(v, 500, 1300.5) / dynamicShare(v, 250, 1300.5)).toBeCloseTo(2, 9);
    expect(dynamicShare(v, 1250, 1300.5) / dynamicShare(v, 1200, 1300.5)).toBeGreaterThan(1250 / 1200);
  });
});
