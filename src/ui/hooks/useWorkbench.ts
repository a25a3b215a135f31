// Subscribes a component to one slice of the store; it re-renders only when that slice changes.
import { useStore } from 'zustand';
import type { WorkbenchState } from '../../state/types';
import { useWorkbenchContext } from './useWorkbenchContext';

export function useWorkbench<T>(selector: (s: WorkbenchState) => T): T {
  return useStore(useWorkbenchContext().store, selector);
}
