// React wrapper around the pure d3 renderer: renders the SVG at the width of its box (so text
// keeps its size on a phone or a projector instead of being scaled), adds the hover layer, and
// offers SVG and PNG downloads in the light print theme with a caption.
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ChartSpec, Table } from '../../experiments/types';
import type { ExportCaption } from '../export/caption';
import { buildExportSvg, svgToPngBlob, svgToString } from '../export/chartImage';
import { safeName, saveBlob, saveText } from '../export/download';
import '../styles/charts.css';
import type { SeriesColors } from './colors';
import { HoverLayer } from './HoverLayer';
import { renderChart } from './renderChartSvg';
import { useChartOutcome } from './useChartOutcome';
import { NORMAL_TYPE, screenTheme, type TypeScale } from './theme';

interface Props {
  spec: ChartSpec;
  table: Table | undefined;
  /** Preferred size; the width follows the chart's box, the height stays (unless `fill`). */
  width?: number;
  height?: number;
  /** Fill the box in both directions (presenter slides); the box must have a height. */
  fill?: boolean;
  type?: TypeScale;
  /** Series colours shared by every chart of the result (see resultSeriesColors). */
  colors?: SeriesColors;
  /** File name stem for downloads; omit to hide the export buttons (presenter mode). */
  exportName?: string;
  /** What the exported files say about where the chart comes from. */
  caption?: ExportCaption;
  /** Disambiguates the buttons' accessible names when a view has several charts. */
  labelExports?: boolean;
  /** The chart is a tab stop whose arrow keys read the values (off in presenter mode). */
  keyboard?: boolean;
}

/** Below this the chart is drawn at this size and scaled down rather than squeezed. */
const MIN_WIDTH = 320;
const MIN_HEIGHT = 220;

function useBoxSize(ref: React.RefObject<HTMLDivElement | null>): { w: number; h: number } | null {
  const [size, setSize] = useState<{ w: number; h: number } | null>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const w = Math.floor(el.clientWidth);
      const h = Math.floor(el.clientHeight);
      setSize((s) => (s && s.w === w && s.h === h ? s : { w, h }));
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

export function ChartView(props: Props) {
  const { spec, table, width = 760, height = 400, fill, type = NORMAL_TYPE, exportName } = props;
  const fromStore = useChartOutcome(spec);
  const colors = props.colors ?? fromStore.colors;
  const caption = props.caption ?? fromStore.caption;
  const box = useRef<HTMLDivElement>(null);
  const holder = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);
  const measured = useBoxSize(box);
  const w = Math.max(MIN_WIDTH, measured?.w || width);
  const h = fill ? Math.max(MIN_HEIGHT, measured?.h || height) : height;

  const rendered = useMemo(
    () =>
      table && measured
        ? renderChart(spec, table, { width: w, height: h, document, theme: screenTheme(type), colors, titles: false })
        : null,
    [spec, table, w, h, type, colors, measured],
  );
  useLayoutEffect(() => {
    const el = holder.current;
    if (el) el.replaceChildren(...(rendered ? [rendered.svg] : []));
  }, [rendered]);

  if (!table) {
    return (
      <p className="chart-missing" role="note">
        Chart “{spec.title}” refers to table “{spec.table}”, which this run did not produce.
      </p>
    );
  }
  const suffix = props.labelExports ? `: ${spec.title}` : '';
  const exportSvg = () => buildExportSvg(spec, table, caption ?? noCaption, { aspect: h / w, colors, document });
  const downloadPng = async () => {
    if (!exportName) return;
    try {
      setExportError(null);
      saveBlob(await svgToPngBlob(exportSvg()), `${safeName(exportName)}.png`);
    } catch (e) {
      setExportError((e as Error).message);
    }
  };

  return (
    <figure className={`chart${fill ? ' chart-fill' : ''}`}>
      <div ref={box} className="chart-box">
        <HoverLayer
          hover={rendered?.hover ?? null}
          width={w}
          height={h}
          title={spec.title}
          keyboard={props.keyboard ?? true}
        >
          <div ref={holder} className="chart-svg" />
        </HoverLayer>
      </div>
      {exportName && (
        <figcaption className="chart-actions">
          <button
            type="button"
            aria-label={suffix ? `Download SVG${suffix}` : undefined}
            onClick={() => saveText(svgToString(exportSvg()), `${safeName(exportName)}.svg`, 'image/svg+xml')}
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

const noCaption: ExportCaption = {
  experiment: '',
  params: {},
  seed: 0,
  device: 'unknown',
  appVersion: __APP_VERSION__,
};
