import type { Experiment } from '../../experiments/types';
import { useWorkbench } from './useWorkbench';
import { useWorkbenchContext } from './useWorkbenchContext';

/** The selected experiment, or undefined when the registry is empty. */
export function useCurrentExperiment(): Experiment | undefined {
  const { experiments } = useWorkbenchContext();
  const id = useWorkbench((s) => s.experimentId);
  return experiments.find((e) => e.id === id);
}
