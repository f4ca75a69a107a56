import { Axes, plotArea } from './Axes.js';
import { linearScale, linePath } from './scale.js';
import { useWidth } from './useWidth.js';

export interface Series {
  name: string;
  points: { x: number; y: number; title?: string }[];
}

/** One or more series as lines with dots; the colour of series i comes from the stylesheet (.series-i). */
export function LineChart({
  series,
  xLabel,
  yLabel,
  title,
  height = 300,
  threshold,
}: {
  series: Series[];
  xLabel: string;
  yLabel: string;
  title: string;
  height?: number;
  /** A horizontal reference line, e.g. an SLO target. */
  threshold?: { value: number; label: string } | undefined;
}) {
  const { ref, width } = useWidth<HTMLDivElement>();
  const plot = plotArea(width, height);
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.map((p) => p.y));
  const x = linearScale(xs, [plot.left + 4, plot.right - 4], { zero: true });
  const y = linearScale(threshold ? [...ys, threshold.value] : ys, [plot.bottom, plot.top + 4], {
    zero: true,
  });
  return (
    <figure className="chart" ref={ref}>
      <svg width={width} height={height} role="img" aria-label={title}>
        <title>{title}</title>
        <Axes plot={plot} x={x} y={y} xLabel={xLabel} yLabel={yLabel} />
        {threshold ? (
          <g className="threshold">
            <line x1={plot.left} x2={plot.right} y1={y(threshold.value)} y2={y(threshold.value)} />
            <text x={plot.right - 4} y={y(threshold.value) - 4} textAnchor="end">
              {threshold.label}
            </text>
          </g>
        ) : null}
        {series.map((s, i) => (
          <g key={s.name} className={`series series-${i % 6}`}>
            <path d={linePath(s.points.map((p) => ({ x: x(p.x), y: y(p.y) })))} />
            {s.points.map((p, j) => (
              <circle key={j} cx={x(p.x)} cy={y(p.y)} r={3.5}>
                <title>{p.title ?? `${s.name}: ${p.y} at ${p.x}`}</title>
              </circle>
            ))}
          </g>
        ))}
      </svg>
      {series.length > 1 ? (
        <ul className="legend" aria-label="Legend">
          {series.map((s, i) => (
            <li key={s.name} className={`series-${i % 6}`}>
              <span className="swatch" aria-hidden="true" />
              {s.name}
            </li>
          ))}
        </ul>
      ) : null}
      <figcaption>{title}</figcaption>
    </figure>
  );
}
