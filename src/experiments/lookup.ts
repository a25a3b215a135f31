// Finding an experiment by the id a user typed (URL `?exp=`, `npm run experiment -- <id>`):
// its current id or one of its `legacyIds`, so renamed experiments keep their old links and
// commands working. Takes the list as an argument because the UI state is tested with its own
// experiments; src/experiments/registry.ts binds it to the registered ones (findExperiment).
// Kept apart from registry.ts so src/state can use it without importing every experiment.
import type { Experiment } from './types';

export function findExperimentIn<E extends Pick<Experiment, 'id' | 'legacyIds'>>(
  experiments: readonly E[],
  id: string,
): E | undefined {
  return experiments.find((e) => e.id === id) ?? experiments.find((e) => e.legacyIds?.includes(id));
}
