// Everything a finished run produced: correctness first, then metrics, notices, charts, tables.
// Exports describe the run that produced them (its params, seed, device), not the panel's
// current state, which may have moved on.
import type { Experiment, ParamValues } from '../../experiments/types';
import type { RunOutcome } from '../../state/types';
import { ChartView } from '../charts/ChartView';
import { buildCsv } from '../../experiments/csv';
import { safeName, saveText } from '../export/download';
import { CheckBadges } from './CheckBadges';
import { MetricCards } from './MetricCards';
import { ReproductionPanel } from './ReproductionPanel';
import { TableView } from './TableView';

interface Props {
  experiment: Experiment;
  outcome: RunOutcome;
  currentValues: ParamValues;
  currentSeed: number;
}

function sameValues(a: ParamValues, b: ParamValues): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}

export function Results({ experiment, outcome, currentValues, currentSeed }: Props) {
  const { result } = outcome;
  // Model views follow the sliders by themselves; only a full run can fall behind them.
  const stale =
    outcome.kind === 'run' &&
    experiment.gpu !== 'none' &&
    (!sameValues(outcome.values, currentValues) || outcome.seed !== currentSeed);
  const download = (tableId: string) => {
    const table = result.tables.find((t) => t.id === tableId);
    if (!table) return;
    const csv = buildCsv(table, {
      experiment: outcome.experimentId,
      params: outcome.values,
      seed: outcome.seed,
      device: outcome.device,
      appVersion: __APP_VERSION__,
    });
    saveText(csv, `${safeName(outcome.experimentId)}-${safeName(table.id)}.csv`, 'text/csv');
  };
  const several = result.tables.length > 1;

  return (
    <section className="results" aria-labelledby="results-heading">
      <h2 id="results-heading">Results</h2>
      <p className="results-meta">
        {outcome.kind === 'model' ? (
          <ModelViewNote experiment={experiment} calibratedBy={outcome.calibratedBy} />
        ) : null}
        Seed {outcome.seed} · device: {outcome.device} · finished {new Date(outcome.finishedAt).toLocaleTimeString()}
      </p>
      {stale && (
        <p className="stale-note" role="note">
          Parameters changed since this run — press Run to update these results.
        </p>
      )}
      <CheckBadges checks={result.checks} />
      <MetricCards metrics={result.metrics} />
      <ReproductionPanel reproductions={result.reproductions} />
      {result.notices.length > 0 && (
        <ul className="result-notices" aria-label="Notices">
          {result.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <div className="charts">
        {result.charts.map((spec) => (
          <ChartView
            key={spec.id}
            spec={spec}
            table={result.tables.find((t) => t.id === spec.table)}
            exportName={`${outcome.experimentId}-${spec.id}`}
            labelExports={result.charts.length > 1}
          />
        ))}
      </div>
      {result.tables.map((t) => (
        <TableView key={t.id} table={t} onDownload={() => download(t.id)} labelDownload={several} />
      ))}
    </section>
  );
}

function ModelViewNote({ experiment, calibratedBy }: { experiment: Experiment; calibratedBy?: string }) {
  if (calibratedBy) return <>Live modeled view, calibrated by your last run. </>;
  if (experiment.gpu === 'none') return <>Live modeled view. </>;
  return <>Live modeled view; press Run to measure on this device and calibrate it. </>;
}
