// Kernel-CLI entries for the two ring algorithms of exact cross-attention on N simulated devices
// (device partitions of this GPU): LV-XAttn (K/V stay, Q rotates) and Ring Attention (Q stays,
// K/V rotate). Inputs, outputs and the scale setting are the single-device entry's.
import type { Gpu } from '../../gpu/gpu';
import type { NumberParam } from '../../core';
import { OUTPUTS, QKV, SCALE, attentionOutputs, readAttentionInputs, scaleOf } from '../attention/cli';
import { lvXAttn } from './lvXAttn';
import { ringAttention } from './ringAttention';
import { MAX_RING_DEVICES } from './ringPartitions';
import type { KernelEntry } from '../types';

const DEVICES: NumberParam = {
  key: 'devices',
  label: 'Simulated devices',
  kind: 'int',
  min: 1,
  max: MAX_RING_DEVICES,
  default: 4,
  help: 'workers in the ring; Q and K/V are split into balanced row blocks (some may be empty)',
};

function ring(name: string, summary: string, algorithm: typeof lvXAttn): KernelEntry {
  return {
    name,
    summary,
    inputs: QKV,
    outputs: OUTPUTS,
    settings: [SCALE, DEVICES],
    async run(gpu: Gpu, inputs, settings) {
      const x = readAttentionInputs(name, inputs, false);
      const devices = Number(settings.devices ?? DEVICES.default);
      const r = await algorithm(gpu, x.q, x.k, x.v, x.shape, { devices, scale: scaleOf(settings, x.shape.headDim) });
      return attentionOutputs(x.shape, r);
    },
  };
}

export const lvXAttnKernel = ring(
  'lv-xattn',
  'LV-XAttn forward on N simulated devices: K/V stay, Q and running (O, LSE) rotate; LSE-merged, exact',
  lvXAttn,
);
export const ringAttentionKernel = ring(
  'ring-attention',
  'Ring Attention forward on N simulated devices: Q stays, K/V rotate; LSE-merged, exact',
  ringAttention,
);
