// "Load results": a button opening a file picker for results files written by the experiment
// command (--json) or the GPU kit, and the message shown when a file cannot be used — with a
// button to open the right experiment when the file belongs to another one.
import { useRef } from 'react';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { useWorkbenchContext } from '../hooks/useWorkbenchContext';
import { readResultsFiles } from './readResultsFiles';

export function LoadResultsButton() {
  const input = useRef<HTMLInputElement>(null);
  const { loadResults } = useActions();
  return (
    <>
      <button
        type="button"
        className="load-results"
        title="Show a results file (.json) written by the experiment command or the GPU kit"
        onClick={() => input.current?.click()}
      >
        Load results
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        aria-label="Results file"
        data-testid="load-results-input"
        onChange={async (e) => {
          const files = e.currentTarget.files;
          if (files?.length) loadResults(await readResultsFiles(files));
          // Picking the same file again should load it again.
          if (input.current) input.current.value = '';
        }}
      />
    </>
  );
}

export function LoadProblem() {
  const problem = useWorkbench((s) => s.loadProblem);
  const { acceptLoadOffer, dismissLoadProblem } = useActions();
  const { experiments } = useWorkbenchContext();
  if (!problem) return null;
  const offered = problem.offer && experiments.find((e) => e.id === problem.offer!.outcome.experimentId);
  return (
    <div className="load-problem" role="alert">
      <p className="load-problem-title">These results cannot be shown here</p>
      <ul>
        {problem.messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
      <div className="load-problem-actions">
        {offered && (
          <button type="button" onClick={acceptLoadOffer}>
            Open “{offered.title}” with these results
          </button>
        )}
        <button type="button" onClick={dismissLoadProblem}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
