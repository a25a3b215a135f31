// The chart's hover and keyboard reading layer: a crosshair (line and bar charts) or a ring
// (points, spans, cells) over the SVG, and a tooltip listing every series there with values and
// units. Pointer: follows the mouse. Keyboard: the chart is one tab stop; ← / → step through the
// data, Home / End jump to the ends, Esc hides; the tooltip is a polite live region.
import { useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { hoverStops, itemsAt, type ChartHover, type HoverItem } from './hoverModel';

interface Props {
  hover: ChartHover | null;
  /** Logical SVG size; the SVG may be drawn scaled. */
  width: number;
  height: number;
  title: string;
  keyboard: boolean;
  children: ReactNode;
}

export function HoverLayer({ hover, width, height, title, keyboard, children }: Props) {
  const [shown, setShown] = useState<HoverItem[]>([]);
  const [stop, setStop] = useState(-1);

  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    if (!hover) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const k = rect.width / width || 1;
    const x = (e.clientX - rect.left) / k - hover.left;
    const y = (e.clientY - rect.top) / k - hover.top;
    const pad = 12;
    if (x < -pad || y < -pad || x > hover.width + pad || y > hover.height + pad) setShown([]);
    else setShown(itemsAt(hover, x, y));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!hover) return;
    const stops = hoverStops(hover);
    if (stops.length === 0) return;
    let next = stop;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') next = Math.min(stops.length - 1, stop + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') next = Math.max(0, stop < 0 ? 0 : stop - 1);
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = stops.length - 1;
    else if (e.key === 'Escape' && shown.length > 0) next = -1;
    else return;
    // Handled here: presenter-mode keys on the window see defaultPrevented and leave it alone.
    e.preventDefault();
    setStop(next);
    setShown(next < 0 ? [] : stops[next]!);
  };

  const first = shown[0];
  const crosshair = hover?.mode === 'x';
  return (
    <div
      className="chart-hover-area"
      onPointerMove={onMove}
      onPointerLeave={() => setShown([])}
      onKeyDown={keyboard ? onKey : undefined}
      onBlur={() => setShown([])}
      tabIndex={keyboard && hover ? 0 : undefined}
      role={keyboard && hover ? 'group' : undefined}
      aria-label={keyboard && hover ? `${title}. Arrow keys read the values.` : undefined}
    >
      {children}
      {hover && first && (
        <svg className="chart-overlay" viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
          <g transform={`translate(${hover.left},${hover.top})`}>
            {crosshair && <line className="chart-crosshair" x1={first.x} x2={first.x} y1={0} y2={hover.height} />}
            {shown.map((i, n) =>
              i.box && !crosshair ? (
                <rect
                  key={n}
                  className="chart-focus-ring"
                  x={i.box.x0 - 2}
                  y={i.box.y0 - 2}
                  width={i.box.x1 - i.box.x0 + 4}
                  height={i.box.y1 - i.box.y0 + 4}
                />
              ) : (
                <circle key={n} className="chart-focus-dot" cx={i.x} cy={i.y} r={6} style={{ fill: i.color }} />
              ),
            )}
          </g>
        </svg>
      )}
      <div
        className="chart-tooltip"
        role="status"
        aria-live="polite"
        hidden={!first}
        style={first && hover ? tooltipPosition(first, hover, width, height) : undefined}
      >
        {first && (
          <>
            <div className="chart-tooltip-head">{first.header}</div>
            {shown.map((i, n) => (
              <div key={n} className="chart-tooltip-row">
                <span className="chart-tooltip-swatch" style={{ background: i.color }} />
                <span>{i.lines.join(' · ')}</span>
              </div>
            ))}
          </>
        )}
      </div>
    </div>
  );
}

/** Beside the mark, on the side with more room; in % so it follows the SVG's scaling. */
function tooltipPosition(item: HoverItem, hover: ChartHover, width: number, height: number) {
  const x = hover.left + item.x;
  const y = Math.min(hover.top + hover.height * 0.8, Math.max(hover.top, hover.top + item.y - 10));
  const right = x < width * 0.55;
  return {
    left: right ? `calc(${(x / width) * 100}% + 14px)` : undefined,
    right: right ? undefined : `calc(${((width - x) / width) * 100}% + 14px)`,
    top: `${(y / height) * 100}%`,
  };
}
