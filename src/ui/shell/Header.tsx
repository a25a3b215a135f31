import { DeviceChip } from '../device/DeviceChip';

export function Header() {
  return (
    <header className="app-header">
      <span className="app-name">MLSys Workbench</span>
      <span className="app-version">v{__APP_VERSION__}</span>
      <span className="app-tagline">ML-systems papers as live experiments, on your GPU</span>
      <DeviceChip />
    </header>
  );
}
