/** Axis math for the inline-SVG charts. Pure. */

export interface Scale {
  (value: number): number;
  ticks: number[];
  domain: [number, number];
}

/** 1, 2 or 5 × a power of ten: the step that gives about `count` ticks over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || count < 1) return 1;
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** [min, max] widened to whole steps, with a flat range opened up so it can be drawn. */
export function niceDomain(min: number, max: number, count = 5): { domain: [number, number]; step: number } {
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (lo === hi) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, count);
  const clean = (value: number) => Number(value.toPrecision(12));
  return { domain: [clean(Math.floor(lo / step) * step), clean(Math.ceil(hi / step) * step)], step };
}

export function linearScale(
  values: number[],
  range: [number, number],
  options: { zero?: boolean } = {},
): Scale {
  const finite = values.filter(Number.isFinite);
  const min = options.zero ? Math.min(0, ...finite) : Math.min(...finite);
  const max = Math.max(...finite);
  const { domain, step } =
    finite.length === 0 ? { domain: [0, 1] as [number, number], step: 0.2 } : niceDomain(min, max);
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = ((value: number) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  scale.domain = domain;
  scale.ticks = [];
  // Integer stepping avoids 0.30000000000000004 ticks.
  const n = Math.round((d1 - d0) / step);
  for (let i = 0; i <= n; i++) scale.ticks.push(Number((d0 + i * step).toPrecision(12)));
  return scale;
}

/** Log10 scale for positive values spanning orders of magnitude; ticks at 1, 2, 5 × powers of ten. */
export function logScale(values: number[], range: [number, number]): Scale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const min = positive.length ? Math.min(...positive) : 1;
  const max = positive.length ? Math.max(...positive) : 10;
  const lo = 10 ** Math.floor(Math.log10(min));
  const hi = 10 ** Math.ceil(Math.log10(max === min ? max * 10 : max));
  const [r0, r1] = range;
  const scale = ((value: number) =>
    r0 +
    ((Math.log10(Math.max(value, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) *
      (r1 - r0)) as Scale;
  scale.domain = [lo, hi];
  scale.ticks = [];
  const decades = Math.round(Math.log10(hi / lo));
  for (let power = lo; power <= hi * 1.0001; power *= 10) {
    for (const m of decades > 3 ? [1] : [1, 2, 5]) {
      const tick = Number((power * m).toPrecision(12));
      if (tick >= lo && tick <= hi * 1.0001) scale.ticks.push(tick);
    }
  }
  return scale;
}

/** Log when the data spans more than `ratio` (max / min), else linear. */
export function autoScale(values: number[], range: [number, number], ratio = 20): Scale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  if (positive.length === values.length && positive.length > 1) {
    if (Math.max(...positive) / Math.min(...positive) > ratio) return logScale(values, range);
  }
  return linearScale(values, range);
}

/** An SVG path through the points in order ("M x y L x y …"); empty for no points. */
export function linePath(points: readonly { x: number; y: number }[]): string {
  return points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
}

/** Short tick label: 1500 → "1.5k", 2000000 → "2M", 0.25 → "0.25". */
export function tickLabel(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e3) return `${Number((value / 1e3).toPrecision(3))}k`;
  return `${Number(value.toPrecision(3))}`;
}
