// The runs loaded from files for the open experiment, below the live view: with two or more runs
// (files from several devices, or a file beside this device's own run) a comparison comes first.
import { useMemo } from 'react';
import type { Experiment } from '../../experiments/types';
import type { LoadedRun } from '../../state/resultsFile';
import type { RunOutcome } from '../../state/types';
import { ChartView } from '../charts/ChartView';
import { useActions } from '../hooks/useActions';
import { useWorkbench } from '../hooks/useWorkbench';
import { compareRuns, runLabels, type ComparedRun } from './compareRuns';
import { LoadedRunView } from './LoadedRunView';
import { TableView } from './TableView';
import { buildCsv } from '../../experiments/csv';
import { safeName, saveText } from '../export/download';

const EMPTY: LoadedRun[] = [];

function comparedRuns(loaded: LoadedRun[], own: RunOutcome | undefined): ComparedRun[] {
  const all = [
    ...(own ? [{ device: own.device, source: 'this device', outcome: own }] : []),
    ...loaded.map((r) => ({ device: r.outcome.device, source: r.fileName, outcome: r.outcome })),
  ];
  const labels = runLabels(all);
  return all.map((r, i) => ({ label: labels[i]!, outcome: r.outcome }));
}

function RunsComparison({ experiment, runs }: { experiment: Experiment; runs: ComparedRun[] }) {
  const { metrics, chart } = useMemo(() => compareRuns(runs), [runs]);
  const download = () => {
    if (!metrics) return;
    const csv = buildCsv(metrics, {
      experiment: experiment.id,
      params: {},
      seed: runs[0]!.outcome.seed,
      device: runs.map((r) => r.label).join('; '),
      appVersion: __APP_VERSION__,
    });
    saveText(csv, `${safeName(experiment.id)}-devices.csv`, 'text/csv');
  };
  return (
    <section className="runs-compare" aria-labelledby="compare-heading">
      <h2 id="compare-heading">Devices side by side ({runs.length} runs)</h2>
      {chart && (
        <div className="charts">
          <ChartView spec={chart.spec} table={chart.table} exportName={`${experiment.id}-devices`} />
        </div>
      )}
      {metrics ? (
        <TableView table={metrics} onDownload={download} labelDownload />
      ) : (
        <p className="results-meta">These runs hold no measured numbers to compare: their values are modeled.</p>
      )}
    </section>
  );
}

function useLoadedRuns(experimentId: string): LoadedRun[] {
  const all = useWorkbench((s) => s.loadedRuns);
  return useMemo(() => {
    const mine = all.filter((r) => r.outcome.experimentId === experimentId);
    return mine.length ? mine : EMPTY;
  }, [all, experimentId]);
}

/** Above the fold: says where the loaded runs are, since they sit below the live view. */
export function LoadedRunsLink({ experiment }: { experiment: Experiment }) {
  const loaded = useLoadedRuns(experiment.id);
  if (loaded.length === 0) return null;
  return (
    <p className="kept-run-link loaded-runs-link">
      <a href="#loaded-runs">
        {loaded.length === 1
          ? 'The run loaded from “' + loaded[0]!.fileName + '”'
          : `${loaded.length} runs loaded from files`}
      </a>{' '}
      {loaded.length === 1 ? 'is' : 'are'} shown below the live view.
    </p>
  );
}

export function LoadedRuns({ experiment, own }: { experiment: Experiment; own?: RunOutcome }) {
  const loaded = useLoadedRuns(experiment.id);
  const values = useWorkbench((s) => s.values);
  const seed = useWorkbench((s) => s.seed);
  const { removeLoadedRun } = useActions();
  const runs = useMemo(() => comparedRuns(loaded, own), [loaded, own]);
  if (loaded.length === 0) return null;
  return (
    <div className="loaded-runs" id="loaded-runs">
      {runs.length > 1 && <RunsComparison experiment={experiment} runs={runs} />}
      {loaded.map((run, i) => (
        <LoadedRunView
          key={run.key}
          experiment={experiment}
          run={run}
          index={i}
          currentValues={values}
          currentSeed={seed}
          onRemove={() => removeLoadedRun(run.key)}
        />
      ))}
    </div>
  );
}
