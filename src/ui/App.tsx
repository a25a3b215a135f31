// The shell: header, experiment list, banners, the selected experiment and the device panel.
import { DeviceBanners } from './device/DeviceBanners';
import { DevicePanel } from './device/DevicePanel';
import { ExperimentView } from './experiment/ExperimentView';
import { useCurrentExperiment } from './hooks/useCurrentExperiment';
import { useWorkbenchContext } from './hooks/useWorkbenchContext';
import { Header } from './shell/Header';
import { LinkNotices } from './shell/LinkNotices';
import { Sidebar } from './shell/Sidebar';

export function App() {
  const { experiments } = useWorkbenchContext();
  const experiment = useCurrentExperiment();
  return (
    <div className="app">
      <Header />
      <Sidebar experiments={experiments} />
      <main className="main">
        <LinkNotices />
        <DeviceBanners experiment={experiment} />
        {experiment ? (
          // Keyed so per-experiment local state (typed drafts) resets on switch.
          <ExperimentView key={experiment.id} experiment={experiment} />
        ) : (
          <p>No experiments are registered.</p>
        )}
        <DevicePanel fullHelp={!experiment || experiment.gpu === 'none'} />
      </main>
    </div>
  );
}
