// Where the compute efficiency comes from: the slider (an assumption), this device's own kernel
// for this device (like for like: measured), or this device's f32 ratio carried into a bf16
// tensor-core peak (an assumption, said on screen). A CPU emulation's ratio is never carried.
import { describe, expect, it } from 'vitest';
import { defaultValues } from '../../core/params';
import { modelExperiment } from '../runner';
import { lvXAttn } from './index';
import { efficiencyFrom } from './modelView';

const base = { ...defaultValues(lvXAttn.params), efficiency: 0.5 };
const gpuRun = { attentionEfficiency: 0.3, fmaGflops: 2000, attentionGflops: 600, cpuEmulation: 0 };
const emulated = { ...gpuRun, cpuEmulation: 1 };

describe('LV-XAttn compute efficiency', () => {
  it('the slider is an assumption, labelled modeled', () => {
    const e = efficiencyFrom(base, undefined, []);
    expect(e).toMatchObject({ value: 0.5, provenance: 'modeled' });
    expect(e.note).toMatch(/assumed \(slider\)/);
  });
  it("this device's kernel on this device is like for like: measured", () => {
    const e = efficiencyFrom({ ...base, efficiencySource: 'measured', gpuModel: 'this-device' }, gpuRun, []);
    expect(e).toMatchObject({ value: 0.3, provenance: 'measured' });
  });
  it("this device's f32 ratio on an A100 is an assumption, and the screen says so", () => {
    const notices: string[] = [];
    const e = efficiencyFrom({ ...base, efficiencySource: 'measured' }, gpuRun, notices);
    expect(e).toMatchObject({ value: 0.3, provenance: 'modeled' });
    expect(notices.join(' ')).toMatch(/Assumption: .*bf16 tensor-core peak/);
    const r = modelExperiment(lvXAttn, { ...base, efficiencySource: 'measured' }, gpuRun)!;
    expect(r.metrics.find((m) => m.key === 'efficiency')!.provenance).toBe('modeled');
  });
  it('a CPU-emulation calibration is refused for the cluster view: the slider value is used, with a notice', () => {
    const notices: string[] = [];
    const e = efficiencyFrom({ ...base, efficiencySource: 'measured' }, emulated, notices);
    expect(e).toMatchObject({ value: 0.5, provenance: 'modeled' });
    expect(notices.join(' ')).toMatch(/CPU emulation \(SwiftShader\)/);
  });
});
