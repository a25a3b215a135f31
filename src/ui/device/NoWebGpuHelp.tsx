// How to get WebGPU, per browser and OS. Shown when the browser has no navigator.gpu or gives no
// adapter; modeled experiments keep working meanwhile.
import type { UnavailableReason } from '../../state/types';

const REASONS: Record<UnavailableReason, string> = {
  'no-navigator-gpu': 'This browser does not expose WebGPU (navigator.gpu is missing).',
  'no-adapter':
    'WebGPU is present, but the browser returned no adapter (the GPU may be blocklisted or WebGPU disabled).',
  'device-failed': 'A WebGPU adapter was found, but creating a device on it failed.',
  'node-module-missing': 'The WebGPU module is missing.',
  error: 'Connecting to WebGPU failed.',
};

export function NoWebGpuHelp({ reason, message }: { reason?: UnavailableReason; message?: string }) {
  return (
    <div className="no-webgpu">
      <h3>WebGPU is not available</h3>
      <p>
        {REASONS[reason ?? 'error']}
        {message && reason !== 'no-navigator-gpu' ? ` (${message})` : ''}
      </p>
      <p>Modeled experiments still run here. To run the GPU experiments, use a browser with WebGPU:</p>
      <ul>
        <li>Chrome or Edge 113+ on Windows, macOS and ChromeOS; Chrome 121+ on Android.</li>
        <li>
          Chrome on Linux: enable <code>chrome://flags/#enable-unsafe-webgpu</code> and{' '}
          <code>chrome://flags/#enable-vulkan</code>, then restart.
        </li>
        <li>Firefox 141+ on Windows.</li>
        <li>Safari 26+ (macOS, iOS, iPadOS, visionOS).</li>
      </ul>
      <p>
        If your browser should support it, check <code>chrome://gpu</code> (or the equivalent) for a blocklisted GPU
        driver.
      </p>
    </div>
  );
}
