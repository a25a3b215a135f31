// Hands the store and the experiment list to components. Both are created once in main.tsx, so
// tests or alternative entry points can supply their own.
import { createContext, type ReactNode } from 'react';
import type { Experiment } from '../experiments/types';
import type { WorkbenchStore } from '../state/store';

export interface WorkbenchContextValue {
  store: WorkbenchStore;
  experiments: readonly Experiment[];
}

export const WorkbenchContext = createContext<WorkbenchContextValue | null>(null);

export function WorkbenchProvider(props: WorkbenchContextValue & { children: ReactNode }) {
  const { store, experiments, children } = props;
  return <WorkbenchContext.Provider value={{ store, experiments }}>{children}</WorkbenchContext.Provider>;
}
