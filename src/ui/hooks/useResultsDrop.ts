// Dropping results files anywhere on the page loads them, like the "Load results" button. Only
// drags that carry files are taken; a drop onto a file field of the parameters is left to it.
import { useEffect, useState } from 'react';
import { readResultsFiles } from '../results/readResultsFiles';
import { useActions } from './useActions';

const carriesFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes('Files');
const onFileField = (e: DragEvent) => e.target instanceof HTMLInputElement && e.target.type === 'file';

/** True while files are dragged over the page (to show where they will go). */
export function useResultsDrop(): boolean {
  const { loadResults } = useActions();
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setDragging(true);
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e) || onFileField(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (!carriesFiles(e) || onFileField(e)) return;
      e.preventDefault();
      const files = e.dataTransfer?.files;
      if (files?.length) void readResultsFiles(files).then(loadResults);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [loadResults]);
  return dragging;
}
