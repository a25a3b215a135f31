// The card's miniature chart: the marks of the experiment's first chart, drawn from its live model
// at the card's preset, with the chart's title as its accessible name.
import { SPARK_H, SPARK_W, type Sparkline } from './sparkline';

export function CardChart({ chart }: { chart: Sparkline }) {
  return (
    <svg
      className="card-chart"
      viewBox={`0 0 ${SPARK_W} ${SPARK_H}`}
      width={SPARK_W}
      height={SPARK_H}
      role="img"
      aria-label={`Chart: ${chart.title}`}
    >
      <title>{chart.title} (modeled, first preset)</title>
      {chart.rects.map((r, i) => (
        <rect key={`r${i}`} x={r.x} y={r.y} width={r.w} height={r.h} fill={r.color} fillOpacity={r.opacity} />
      ))}
      {chart.lines.map((l, i) => (
        <polyline
          key={`l${i}`}
          points={l.points}
          fill="none"
          stroke={l.color}
          strokeWidth={1.5}
          strokeLinejoin="round"
        />
      ))}
      {chart.dots.map((d, i) => (
        <circle key={`d${i}`} cx={d.cx} cy={d.cy} r={1.6} fill={d.color} />
      ))}
    </svg>
  );
}
