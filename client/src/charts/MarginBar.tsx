import { formatMs, formatPercent } from '../format.js';
import { marginTone, usedFraction } from './margin.js';

/** A predicted p95 with a bar showing how much of its SLO target it uses. */
export function MarginBar({
  predicted,
  margin,
  metric,
}: {
  predicted: number;
  margin: number;
  metric: string;
}) {
  const tone = marginTone(margin);
  const label = `${metric} p95 ${formatMs(predicted)}, ${formatPercent(margin, 0)} under target`;
  return (
    <span className="margin" title={label}>
      <span className="margin-value">{formatMs(predicted)}</span>
      <span className="margin-track" aria-hidden="true">
        <span className={`margin-fill tone-${tone}`} style={{ width: `${usedFraction(margin) * 100}%` }} />
      </span>
      <span className="visually-hidden">{formatPercent(margin, 0)} margin</span>
    </span>
  );
}
