import { linePath } from './scale.js';

/** A tiny trend line of the last values (no axes); the newest value is the last. */
export function Sparkline({
  values,
  label,
  width = 160,
  height = 36,
}: {
  values: number[];
  label: string;
  width?: number;
  height?: number;
}) {
  const max = Math.max(1e-9, ...values);
  const step = values.length > 1 ? (width - 4) / (values.length - 1) : 0;
  const points = values.map((v, i) => ({ x: 2 + i * step, y: height - 2 - (v / max) * (height - 4) }));
  return (
    <svg className="sparkline" width={width} height={height} role="img" aria-label={label}>
      <title>{label}</title>
      <path d={linePath(points)} />
      {points.length > 0 ? <circle cx={points.at(-1)?.x} cy={points.at(-1)?.y} r={2.5} /> : null}
    </svg>
  );
}
