// Entry point: apply the colour theme, read the link (none: the gallery), create the store, keep
// the link and history in sync, start live recompute for modeled experiments, and mount the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { experiments } from './experiments/registry';
import { DEFAULT_SEED } from './experiments/runner';
import { createBrowserGpu, hasNavigatorGpu } from './gpu/browser';
import { startAutoRun } from './state/autoRun';
import { createWorkbenchStore } from './state/store';
import { startUrlSync } from './state/urlSync';
import { isGalleryLink, parseUrlState } from './state/urlState';
import { App } from './ui/App';
import { applyStoredTheme } from './ui/hooks/useTheme';
import { WorkbenchProvider } from './ui/WorkbenchContext';
import './ui/styles/app.css';

applyStoredTheme();
const search = window.location.search;
const initial = isGalleryLink(search)
  ? { experimentId: '', values: {}, seed: DEFAULT_SEED, notices: [] }
  : parseUrlState(search, experiments, DEFAULT_SEED);
const store = createWorkbenchStore({ experiments, hasNavigatorGpu, createGpu: createBrowserGpu, initial });
startUrlSync(store, experiments, window.history, window.location, window);
startAutoRun(store, experiments);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchProvider store={store} experiments={experiments}>
      <App />
    </WorkbenchProvider>
  </StrictMode>,
);
