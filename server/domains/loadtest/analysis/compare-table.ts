/**
 * The fixed-width text table `compass bench compare` prints (the layout of the performance notes):
 *
 * ============================================================
 * Comparison: 29 (baseline) vs 35 (current)
 * ============================================================
 *
 * Metric                    Baseline     Current      Delta        Change     Status
 * --------------------------------------------------------------------------------
 * Success Rate              100.0%       99.5%        -0.5%        -0.5%      OK
 * ...
 *
 * ============================================================
 * ⚠ RESULT: REGRESSIONS DETECTED        (or RESULT: PASS)
 */
import type { ComparisonResult, ComparisonRow, ComparisonUnit } from './compare.js';

export interface CompareTableOptions {
  /** Add, under the table, the rule applied and each latency row's p-value and bootstrap interval. */
  details?: boolean;
}

const WIDTHS = { metric: 26, baseline: 13, current: 13, delta: 13, change: 11, status: 8 } as const;
const RULE = '='.repeat(60);
const LINE = '-'.repeat(80);

function formatMs(value: number): string {
  return `${value.toFixed(Math.abs(value) < 10 ? 2 : 1)}ms`;
}

function formatValue(value: number, unit: ComparisonUnit): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (unit === 'percent') return `${value.toFixed(1)}%`;
  if (unit === 'rps') return value.toFixed(2);
  return formatMs(value);
}

/** A signed rendering: "+2.30", "-0.5%", and "0.0%" (not "-0.0%") for what rounds to zero. */
function withSign(text: string): string {
  if (text === 'n/a') return text;
  const digits = Number(text.replace(/[^0-9.]/g, ''));
  if (digits === 0) return text.replace(/^-/, '');
  return text.startsWith('-') ? text : `+${text}`;
}

function tableRow(cells: [string, string, string, string, string, string]): string {
  const [metric, baseline, current, delta, change, status] = cells;
  return (
    metric.padEnd(WIDTHS.metric) +
    baseline.padEnd(WIDTHS.baseline) +
    current.padEnd(WIDTHS.current) +
    delta.padEnd(WIDTHS.delta) +
    change.padEnd(WIDTHS.change) +
    status.padEnd(WIDTHS.status)
  );
}

function rowLine(row: ComparisonRow): string {
  return tableRow([
    row.metric,
    formatValue(row.baseline, row.unit),
    formatValue(row.current, row.unit),
    withSign(formatValue(row.delta, row.unit)),
    withSign(`${row.changePercent.toFixed(1)}%`),
    row.status,
  ]);
}

function formatP(p: number): string {
  return p !== 0 && p < 0.001 ? p.toExponential(2) : p.toPrecision(3);
}

function detailLines(result: ComparisonResult): string[] {
  const t = result.thresholds;
  const confidence = `${Number(((1 - result.rowAlpha) * 100).toFixed(3))}%`;
  const lines = [
    '',
    `Rule: a latency row REGRESSes when its change is above the threshold (p50 +${t.p50Percent}%, p95 +${t.p95Percent}%,`,
    `      p99 +${t.p99Percent}%) and significant at ${Number(result.rowAlpha.toPrecision(3))} (alpha ${t.alpha} / latency rows):`,
    `      the ${confidence} bootstrap CI of the quantile difference excludes 0, or Mann-Whitney p is below it.`,
    `      Throughput REGRESSes below -${t.throughputPercent}%, success rate below -${t.successRatePoints} points.`,
  ];
  for (const row of result.rows) {
    if (row.pValue === undefined || row.ci === undefined) continue;
    const ci = `[${withSign(formatMs(row.ci.low))}, ${withSign(formatMs(row.ci.high))}]`;
    lines.push(
      `  ${row.metric.padEnd(10)} Mann-Whitney p=${formatP(row.pValue).padEnd(9)} CI of difference ${ci}`,
    );
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  return lines;
}

export function renderCompareTable(result: ComparisonResult, options: CompareTableOptions = {}): string {
  const lines = [
    RULE,
    `Comparison: ${result.baselineId} (baseline) vs ${result.currentId} (current)`,
    RULE,
    '',
    tableRow(['Metric', 'Baseline', 'Current', 'Delta', 'Change', 'Status']),
    LINE,
    ...result.rows.map(rowLine),
  ];
  if (options.details) lines.push(...detailLines(result));
  lines.push('', RULE, result.result === 'FAIL' ? '⚠ RESULT: REGRESSIONS DETECTED' : 'RESULT: PASS');
  return `${lines.join('\n')}\n`;
}
