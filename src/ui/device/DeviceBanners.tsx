// Page-level device warnings: CPU emulation (so nobody reads SwiftShader timings as GPU speed),
// a lost device with a way back, and no WebGPU while a GPU experiment is selected.
import type { Experiment } from '../../experiments/types';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { emulationName } from './deviceText';
import { NoWebGpuHelp } from './NoWebGpuHelp';

export function DeviceBanners({ experiment }: { experiment: Experiment | undefined }) {
  const device = useWorkbench((s) => s.device);
  const { reconnectGpu } = useActions();
  return (
    <>
      {device.status === 'connected' && device.info?.isFallbackAdapter && (
        <div className="banner banner-warn" role="note">
          Timings are CPU emulation ({emulationName(device)}), not GPU performance.
        </div>
      )}
      {device.status === 'lost' && (
        <div className="banner banner-error" role="alert">
          <span>The GPU device was lost{device.message ? ` (${device.message})` : ''}. Results so far are kept.</span>
          <button type="button" onClick={() => void reconnectGpu()}>
            Reconnect
          </button>
        </div>
      )}
      {device.status === 'unavailable' && experiment && experiment.gpu !== 'none' && (
        <div className="banner banner-info" role="region" aria-label="WebGPU help">
          <NoWebGpuHelp reason={device.reason} message={device.message} />
        </div>
      )}
    </>
  );
}
