// Chart export in the light "print" theme: the chart re-rendered with literal light colours (no
// CSS variables, so it looks the same in any viewer and on a white slide), with a caption under
// it naming the experiment, parameters, provenance, device and app version. PNG is that SVG
// drawn onto a canvas at 2× for crisp slides.
import type { ChartSpec, Table } from '../../experiments/types';
import type { SeriesColors } from '../charts/colors';
import { SVG_NS } from '../charts/frame';
import { renderChartSvg } from '../charts/renderChartSvg';
import { charWidth, NORMAL_TYPE, printTheme } from '../charts/theme';
import { captionLines, type ExportCaption } from './caption';

const EXPORT_WIDTH = 1000;

export function buildExportSvg(
  spec: ChartSpec,
  table: Table,
  caption: ExportCaption,
  opts: { aspect: number; colors?: SeriesColors; document: Document },
): SVGSVGElement {
  const theme = printTheme(NORMAL_TYPE);
  const width = EXPORT_WIDTH;
  const chartHeight = Math.round(width * opts.aspect);
  const chart = renderChartSvg(spec, table, {
    width,
    height: chartHeight,
    document: opts.document,
    theme,
    colors: opts.colors,
  });
  const size = theme.noteSize + 1;
  const lineH = Math.round(size * 1.45);
  const lines = captionLines(spec, table, caption, Math.floor((width - 32) / charWidth(size)));
  const height = chartHeight + 14 + lines.length * lineH;
  const doc = opts.document;
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('xmlns', SVG_NS);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('font-family', theme.fontFamily);
  const bg = doc.createElementNS(SVG_NS, 'rect');
  bg.setAttribute('width', String(width));
  bg.setAttribute('height', String(height));
  bg.setAttribute('fill', theme.background);
  svg.appendChild(bg);
  svg.appendChild(chart);
  lines.forEach((line, i) => {
    const t = doc.createElementNS(SVG_NS, 'text');
    t.setAttribute('x', '16');
    t.setAttribute('y', String(chartHeight + 4 + (i + 1) * lineH));
    t.setAttribute('font-size', String(size));
    t.setAttribute('fill', i === 0 ? theme.text : theme.mutedText);
    if (i === 0) t.setAttribute('font-weight', '600');
    t.textContent = line;
    svg.appendChild(t);
  });
  return svg;
}

export function svgToString(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', SVG_NS);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}`;
}

export async function svgToPngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const width = Number(svg.getAttribute('width')) || svg.clientWidth || 800;
  const height = Number(svg.getAttribute('height')) || svg.clientHeight || 400;
  const url = URL.createObjectURL(new Blob([svgToString(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.decoding = 'sync';
    const loaded = new Promise<void>((resolve, reject) => {
      img.onload = () => resolve();
      img.onerror = () => reject(new Error('the chart SVG could not be rasterised'));
    });
    img.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser has no 2D canvas for PNG export');
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0, width, height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
