// Entry point: read the link, create the store, keep the link in sync, start live recompute for
// modeled experiments, and mount the React shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { experiments } from './experiments/registry';
import { DEFAULT_SEED } from './experiments/runner';
import { createBrowserGpu, hasNavigatorGpu } from './gpu/browser';
import { startAutoRun } from './state/autoRun';
import { createWorkbenchStore } from './state/store';
import { startUrlSync } from './state/urlSync';
import { parseUrlState } from './state/urlState';
import { App } from './ui/App';
import { WorkbenchProvider } from './ui/WorkbenchContext';
import './ui/styles/app.css';

const initial = parseUrlState(window.location.search, experiments, DEFAULT_SEED);
const store = createWorkbenchStore({ experiments, hasNavigatorGpu, createGpu: createBrowserGpu, initial });
startUrlSync(store, experiments, window.history, window.location);
startAutoRun(store, experiments);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WorkbenchProvider store={store} experiments={experiments}>
      <App />
    </WorkbenchProvider>
  </StrictMode>,
);
