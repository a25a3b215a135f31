// The app bar: the name leads home to the gallery, a jump list opens any experiment, and the
// theme toggle and device chip sit at the right.
import { DeviceChip } from '../device/DeviceChip';
import { useActions } from '../hooks/useActions';
import { ExperimentJump } from './ExperimentJump';
import { ThemeToggle } from './ThemeToggle';

export function Header() {
  const { showGallery } = useActions();
  return (
    <header className="app-header">
      <a
        className="app-name"
        href="./"
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          showGallery();
        }}
      >
        MLSys Workbench
      </a>
      <span className="app-version">v{__APP_VERSION__}</span>
      <ExperimentJump />
      <span className="app-header-fill" />
      <ThemeToggle />
      <DeviceChip />
    </header>
  );
}
