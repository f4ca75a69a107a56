import type { Scale } from './scale.js';
import { tickLabel } from './scale.js';

export interface Plot {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotArea(width: number, height: number): Plot {
  return { width, height, left: 56, right: width - 16, top: 12, bottom: height - 40 };
}

/** Grid lines, tick labels and axis titles for an x/y chart. */
export function Axes({
  plot,
  x,
  y,
  xLabel,
  yLabel,
}: {
  plot: Plot;
  x: Scale;
  y: Scale;
  xLabel: string;
  yLabel: string;
}) {
  return (
    <g className="axes">
      {y.ticks.map((tick) => (
        <g key={`y${tick}`}>
          <line className="grid" x1={plot.left} x2={plot.right} y1={y(tick)} y2={y(tick)} />
          <text className="tick" x={plot.left - 6} y={y(tick)} textAnchor="end" dominantBaseline="middle">
            {tickLabel(tick)}
          </text>
        </g>
      ))}
      {x.ticks.map((tick) => (
        <g key={`x${tick}`}>
          <line className="grid" x1={x(tick)} x2={x(tick)} y1={plot.top} y2={plot.bottom} />
          <text className="tick" x={x(tick)} y={plot.bottom + 16} textAnchor="middle">
            {tickLabel(tick)}
          </text>
        </g>
      ))}
      <line className="axis" x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
      <line className="axis" x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.bottom} />
      <text className="axis-title" x={(plot.left + plot.right) / 2} y={plot.height - 4} textAnchor="middle">
        {xLabel}
      </text>
      <text
        className="axis-title"
        transform={`translate(12 ${(plot.top + plot.bottom) / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {yLabel}
      </text>
    </g>
  );
}
