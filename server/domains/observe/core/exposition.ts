/**
 * Prometheus text exposition → samples, with parse-prometheus-text-format doing the lexing (names,
 * label escapes, NaN/±Inf, timestamps). That library folds every label set of a histogram into one
 * (labels, _sum and _count are lost), so histogram families are handed to it untyped: each of
 * `_bucket`, `_sum` and `_count` then comes back as its own family with every label intact, and the
 * `# TYPE` lines are read here to know which families are histograms.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface ExpositionSample {
  /** The sample's own name (`x_bucket`, `x_sum`, … for histogram parts). */
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Declared family types by family name. */
  types: Map<string, MetricType>;
  samples: ExpositionSample[];
}

const TYPE_LINE = /^#\s+TYPE\s+(\S+)\s+(\S+)\s*$/;

export class ExpositionError extends Error {}

function toNumber(text: string): number {
  if (text === '+Inf' || text === 'Inf') return Number.POSITIVE_INFINITY;
  if (text === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(text);
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, MetricType>();
  // The library takes HELP/TYPE as family boundaries; as plain comments they only separate nothing.
  const neutral = text
    .split('\n')
    .map((line) => {
      const match = TYPE_LINE.exec(line.trim());
      if (!match) return line.startsWith('# HELP ') ? '' : line;
      const type = (match[2] as string).toLowerCase();
      types.set(
        match[1] as string,
        (['counter', 'gauge', 'histogram', 'summary'].includes(type) ? type : 'untyped') as MetricType,
      );
      return '';
    })
    .join('\n');
  let families: ReturnType<typeof parsePrometheusTextFormat>;
  try {
    families = parsePrometheusTextFormat(neutral);
  } catch (error) {
    throw new ExpositionError(error instanceof Error ? error.message : String(error));
  }
  const samples: ExpositionSample[] = [];
  for (const family of families) {
    for (const metric of family.metrics) {
      if (!('value' in metric) || metric.value === undefined) continue;
      samples.push({ name: family.name, labels: metric.labels ?? {}, value: toNumber(metric.value) });
    }
  }
  return { types, samples };
}
