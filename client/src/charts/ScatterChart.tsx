import { Axes, plotArea } from './Axes.js';
import { autoScale, linearScale } from './scale.js';
import { useWidth } from './useWidth.js';

export interface ScatterPoint {
  key: string;
  x: number;
  y: number;
  label: string;
  title: string;
  tone: 'good' | 'warn' | 'bad' | 'neutral';
}

/** Points on x/y axes; x switches to log when the values span orders of magnitude. */
export function ScatterChart({
  points,
  xLabel,
  yLabel,
  title,
  height = 300,
}: {
  points: ScatterPoint[];
  xLabel: string;
  yLabel: string;
  title: string;
  height?: number;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const plot = plotArea(width, height);
  const x = autoScale(
    points.map((p) => p.x),
    [plot.left + 8, plot.right - 8],
  );
  const y = linearScale(
    points.map((p) => p.y),
    [plot.bottom - 8, plot.top + 8],
    { zero: true },
  );
  return (
    <figure className="chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={title}>
        <title>{title}</title>
        <Axes plot={plot} x={x} y={y} xLabel={xLabel} yLabel={yLabel} />
        {points.map((p) => (
          <g key={p.key} className={`point tone-${p.tone}`}>
            <circle cx={x(p.x)} cy={y(p.y)} r={9}>
              <title>{p.title}</title>
            </circle>
            <text x={x(p.x)} y={y(p.y)} textAnchor="middle" dominantBaseline="central" aria-hidden="true">
              {p.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>{title}</figcaption>
    </figure>
  );
}
