// One line on the home page saying what this browser's GPU allows.
import { adapterName } from '../device/deviceText';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';

export function GpuStatus() {
  const device = useWorkbench((s) => s.device);
  const { connectGpu } = useActions();
  let text: string;
  switch (device.status) {
    case 'idle':
      text = 'WebGPU is available; the GPU connects on the first run that needs it.';
      break;
    case 'connecting':
      text = 'Connecting to the GPU…';
      break;
    case 'connected':
      text = device.info?.isFallbackAdapter
        ? `GPU: ${adapterName(device)}, a CPU emulation: runs work, but their timings are not GPU performance.`
        : `GPU: ${adapterName(device)}. Runs measure real kernels on it.`;
      break;
    case 'lost':
      text = 'The GPU device was lost; reconnect from the banner above.';
      break;
    case 'unavailable':
      text = 'No WebGPU in this browser: every modeled experiment works; runs that time GPU kernels are unavailable.';
      break;
  }
  return (
    <p className={`gpu-status gpu-status-${device.status}`} role="status">
      {text}{' '}
      {device.status === 'idle' && (
        <button type="button" onClick={() => void connectGpu()}>
          Connect GPU now
        </button>
      )}
    </p>
  );
}
