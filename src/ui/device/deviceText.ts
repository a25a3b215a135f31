// Short labels for the device state, shared by the header chip and the device panel.
import type { DeviceState } from '../../state/types';

export function adapterName(device: DeviceState): string {
  const i = device.info;
  if (!i) return 'unknown adapter';
  return i.description || i.device || [i.vendor, i.architecture].filter(Boolean).join(' ') || 'unnamed adapter';
}

export function deviceChipText(device: DeviceState): string {
  switch (device.status) {
    case 'idle':
      return 'GPU: not connected';
    case 'connecting':
      return 'GPU: connecting…';
    case 'connected':
      return `GPU: ${adapterName(device)}${device.info?.isFallbackAdapter ? ' · CPU emulation' : ''}`;
    case 'unavailable':
      return 'No WebGPU';
    case 'lost':
      return 'GPU lost';
  }
}

/** Which software adapter a fallback is, for the banner ("SwiftShader" on Chromium). */
export function emulationName(device: DeviceState): string {
  const text = `${device.info?.architecture ?? ''} ${device.info?.description ?? ''}`;
  return /swiftshader/i.test(text) ? 'SwiftShader' : 'software fallback adapter';
}
