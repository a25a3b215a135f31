// React wrapper around the pure d3 renderer: renders the SVG into a holder div, and offers SVG
// and PNG downloads of exactly what is on screen.
import { useLayoutEffect, useRef, useState } from 'react';
import type { ChartSpec, Table } from '../../experiments/types';
import { svgToPngBlob, svgToString } from '../export/chartImage';
import { safeName, saveBlob, saveText } from '../export/download';
import { renderChartSvg } from './renderChartSvg';

interface Props {
  spec: ChartSpec;
  table: Table | undefined;
  width?: number;
  height?: number;
  /** File name stem for downloads; omit to hide the export buttons (presenter mode). */
  exportName?: string;
  /** Disambiguates the buttons' accessible names when a view has several charts. */
  labelExports?: boolean;
}

export function ChartView({ spec, table, width = 760, height = 400, exportName, labelExports }: Props) {
  const holder = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  useLayoutEffect(() => {
    const el = holder.current;
    if (!el || !table) return;
    el.replaceChildren(renderChartSvg(spec, table, { width, height, document }));
  }, [spec, table, width, height]);

  if (!table) {
    return (
      <p className="chart-missing" role="note">
        Chart “{spec.title}” refers to table “{spec.table}”, which this run did not produce.
      </p>
    );
  }
  const svg = () => holder.current?.querySelector('svg') ?? null;
  const suffix = labelExports ? `: ${spec.title}` : '';
  const downloadPng = async () => {
    const el = svg();
    if (!el || !exportName) return;
    try {
      setExportError(null);
      saveBlob(await svgToPngBlob(el), `${safeName(exportName)}.png`);
    } catch (e) {
      setExportError((e as Error).message);
    }
  };

  return (
    <figure className="chart">
      <div ref={holder} className="chart-svg" />
      {exportName && (
        <figcaption className="chart-actions">
          <button
            type="button"
            aria-label={suffix ? `Download SVG${suffix}` : undefined}
            onClick={() => {
              const el = svg();
              if (el) saveText(svgToString(el), `${safeName(exportName)}.svg`, 'image/svg+xml');
            }}
          >
            Download SVG
          </button>
          <button
            type="button"
            aria-label={suffix ? `Download PNG${suffix}` : undefined}
            onClick={() => void downloadPng()}
          >
            Download PNG
          </button>
          {exportError && (
            <span className="param-error" role="alert">
              {exportError}
            </span>
          )}
        </figcaption>
      )}
    </figure>
  );
}
