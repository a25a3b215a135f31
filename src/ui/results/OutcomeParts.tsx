// Pieces shared by the live view and the kept run: notices, charts and tables of one outcome.
// Exports describe the outcome that produced them (its params, seed, device).
import type { RunOutcome } from '../../state/types';
import { ChartView } from '../charts/ChartView';
import { buildCsv } from '../../experiments/csv';
import { safeName, saveText } from '../export/download';
import { TableView } from './TableView';

export function Notices({ notices }: { notices: string[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="result-notices" aria-label="Notices">
      {notices.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  );
}

export function OutcomeCharts({ outcome, suffix = '' }: { outcome: RunOutcome; suffix?: string }) {
  const { result } = outcome;
  return (
    <div className="charts">
      {result.charts.map((spec) => (
        <ChartView
          key={spec.id}
          spec={spec}
          table={result.tables.find((t) => t.id === spec.table)}
          exportName={`${outcome.experimentId}-${spec.id}${suffix}`}
          labelExports={result.charts.length > 1}
        />
      ))}
    </div>
  );
}

export function OutcomeTables({ outcome, suffix = '' }: { outcome: RunOutcome; suffix?: string }) {
  const { result } = outcome;
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
    saveText(csv, `${safeName(outcome.experimentId)}-${safeName(table.id)}${suffix}.csv`, 'text/csv');
  };
  const several = result.tables.length > 1;
  return result.tables.map((t) => (
    <TableView key={t.id} table={t} onDownload={() => download(t.id)} labelDownload={several} />
  ));
}
