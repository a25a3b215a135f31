import { useContext } from 'react';
import { WorkbenchContext, type WorkbenchContextValue } from '../WorkbenchContext';

export function useWorkbenchContext(): WorkbenchContextValue {
  const ctx = useContext(WorkbenchContext);
  if (!ctx) throw new Error('useWorkbenchContext must be used inside <WorkbenchProvider>');
  return ctx;
}
