// "Modeled charts live": shortly after any change to the experiment, its parameters or the seed,
// experiments with a live `model` recompute it, and GPU-free experiments without one re-run.
// The short debounce coalesces a slider drag into a few updates instead of one per pixel.
import type { Experiment } from '../experiments/types';
import type { WorkbenchStore } from './store';

export const AUTO_RUN_DELAY_MS = 50;

export function startAutoRun(
  store: WorkbenchStore,
  experiments: readonly Experiment[],
  delayMs = AUTO_RUN_DELAY_MS,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const schedule = (): void => {
    const { experimentId } = store.getState();
    const exp = experiments.find((e) => e.id === experimentId);
    if (!exp || (!exp.model && exp.gpu !== 'none')) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      if (exp.model) store.getState().refreshModel();
      else void store.getState().startRun();
    }, delayMs);
  };
  const unsubscribe = store.subscribe((s, prev) => {
    if (s.experimentId !== prev.experimentId || s.values !== prev.values || s.seed !== prev.seed) schedule();
  });
  schedule();
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
