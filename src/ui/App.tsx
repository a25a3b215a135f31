// The shell: a skip link, the header, link notices and device banners, then either the gallery
// (home page) or the open experiment, and the device details at the end. Results files dropped
// anywhere on the page are loaded (see useResultsDrop).
import { useEffect, useRef } from 'react';
import { DeviceBanners } from './device/DeviceBanners';
import { DevicePanel } from './device/DevicePanel';
import { ExperimentView } from './experiment/ExperimentView';
import { Gallery } from './gallery/Gallery';
import { useCurrentExperiment } from './hooks/useCurrentExperiment';
import { useResultsDrop } from './hooks/useResultsDrop';
import { useWorkbench } from './hooks/useWorkbench';
import { LoadProblem } from './results/LoadResults';
import { Header } from './shell/Header';
import { LinkNotices } from './shell/LinkNotices';

const APP_TITLE = 'MLSys Workbench';

export function App() {
  const experiment = useCurrentExperiment();
  const experimentId = useWorkbench((s) => s.experimentId);
  useEffect(() => {
    document.title = experiment ? `${experiment.title} · ${APP_TITLE}` : APP_TITLE;
  }, [experiment]);
  // A newly opened page starts at its top, as following a link would (not on first load: the
  // browser restores that position itself).
  const shownId = useRef(experimentId);
  useEffect(() => {
    if (shownId.current === experimentId) return;
    shownId.current = experimentId;
    window.scrollTo(0, 0);
  }, [experimentId]);
  const dragging = useResultsDrop();
  return (
    <div className={dragging ? 'app app-dropping' : 'app'}>
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <Header />
      <main className="main" id="main-content" tabIndex={-1}>
        <LinkNotices />
        <LoadProblem />
        <DeviceBanners experiment={experiment} />
        {experiment ? (
          // Keyed so per-experiment local state (typed drafts) resets on switch.
          <ExperimentView key={experiment.id} experiment={experiment} />
        ) : (
          <Gallery />
        )}
        <DevicePanel fullHelp={!experiment || experiment.gpu === 'none'} />
      </main>
    </div>
  );
}
