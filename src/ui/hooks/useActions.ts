// Store actions never change identity, so reading them does not subscribe to any state.
import type { WorkbenchActions } from '../../state/types';
import { useWorkbenchContext } from './useWorkbenchContext';

export function useActions(): WorkbenchActions {
  return useWorkbenchContext().store.getState();
}
