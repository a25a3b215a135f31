// One result table with units and provenance in the header, and its CSV download. Long tables
// start collapsed so the charts stay in view; the CSV always has every row. Wide or long tables
// scroll inside their box with the header row and the first column kept in view (charts.css);
// numbers use the app's one format (formatNumber), their unit only in the header.
import { useState } from 'react';
import '../styles/charts.css';
import type { Table } from '../../experiments/types';
import { formatCell } from './formatNumber';
import { ProvenanceBadge } from './ProvenanceBadge';

const COLLAPSED_ROWS = 12;
/** Rendering thousands of rows would stall the page for no reader's benefit. */
const MAX_ROWS_SHOWN = 1000;

interface Props {
  table: Table;
  onDownload(): void;
  /** Several tables on one view: give each button a distinct accessible name. */
  labelDownload: boolean;
}

export function TableView({ table, onDownload, labelDownload }: Props) {
  const [expanded, setExpanded] = useState(false);
  const limit = expanded ? MAX_ROWS_SHOWN : COLLAPSED_ROWS;
  const rows = table.rows.slice(0, limit);
  return (
    <section className="result-table" aria-label={table.title}>
      <div className="table-head">
        <h3>{table.title}</h3>
        <button
          type="button"
          onClick={onDownload}
          aria-label={labelDownload ? `Download CSV: ${table.title}` : undefined}
        >
          Download CSV
        </button>
      </div>
      {table.note && <p className="table-note">{table.note}</p>}
      {/* Focusable so keyboard users can scroll a table wider or longer than its box. */}
      <div className="table-scroll" tabIndex={0}>
        <table>
          <thead>
            <tr>
              {table.columns.map((c) => (
                <th key={c.key} scope="col" className={c.type === 'number' ? 'num' : undefined}>
                  <span className="col-label">{c.label}</span>
                  {c.unit && <span className="col-unit"> ({c.unit})</span>}
                  <ProvenanceBadge provenance={c.provenance} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i}>
                {table.columns.map((c, j) => (
                  <td key={c.key} className={c.type === 'number' ? 'num' : undefined}>
                    {formatCell(row[j])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {table.rows.length > COLLAPSED_ROWS && (
        <p className="table-note">
          {rows.length < table.rows.length && (
            <>
              Showing {rows.length} of {table.rows.length} rows; the CSV has all of them.{' '}
            </>
          )}
          <button type="button" className="link-button" onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show fewer rows' : `Show ${Math.min(table.rows.length, MAX_ROWS_SHOWN)} rows`}
          </button>
        </p>
      )}
    </section>
  );
}
