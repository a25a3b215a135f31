import { useWorkbench } from '../hooks/useWorkbench';
import { deviceChipText } from './deviceText';

export function DeviceChip() {
  const device = useWorkbench((s) => s.device);
  return (
    <a
      className={`chip chip-${device.status}${device.info?.isFallbackAdapter ? ' chip-emulated' : ''}`}
      href="#device"
      title="Device details"
    >
      {deviceChipText(device)}
    </a>
  );
}
