/**
 * `report.md` for a sweep: summary, the per-level table in load order, the knee, the saturation
 * point, the recommended operating range under the SLO, notes, and links to the plot images.
 * Every number carries its unit; closed-loop levels are labelled with their concurrency.
 */
import type { SaturationAnalysis } from '../analysis/saturation.js';
import type { PlacedLevel, PlacedSweep } from '../analysis/sweep-axis.js';
import { formatLoad, formatMs, formatPercent, formatRate, formatTokenRate } from '../analysis/units.js';
import { LLM_METRICS, type ReportMetrics } from './metrics.js';

export interface ReportRun {
  id: string;
  name: string;
  /** Base URL of the endpoint under test. */
  target: string;
  model?: string;
}

/** Backslash-escapes characters that Markdown would read as formatting, and flattens newlines. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

const KNEE_LABELS = { ttftP95: 'TTFT', itlP95: 'ITL', e2eP95: 'E2E' } as const;

function linkTarget(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function plotTitle(file: string): string {
  const stem = (file.split('/').pop() ?? file).replace(/\.[a-z0-9]+$/i, '');
  const words = stem.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

interface Fmt {
  load: (v: number) => string;
  rate: (v: number) => string;
}

function summaryLines(sweep: PlacedSweep, a: SaturationAnalysis, f: Fmt): string[] {
  const { levels, analyzed } = sweep;
  const loads = analyzed.map((l) => l.offeredLoad);
  const peak = levels.reduce<PlacedLevel | null>(
    (best, l) => (best === null || l.achievedRps > best.achievedRps ? l : best),
    null,
  );
  const span =
    analyzed.length > 0 ? ` (analysed: ${f.load(Math.min(...loads))} to ${f.load(Math.max(...loads))})` : '';
  const open = levels.filter((l) => l.loop === 'open').length;
  const lines = [
    `- **Levels:** ${levels.length}, ${open} open-loop, ${levels.length - open} closed-loop${span}`,
  ];
  if (peak) lines.push(`- **Peak throughput:** ${f.rate(peak.achievedRps)} at ${peak.label}`);
  lines.push(
    a.knee
      ? `- **Latency knee (${KNEE_LABELS[a.knee.metric]} p95):** ${f.load(a.knee.offeredLoad)} (${f.rate(a.knee.achievedRps)} achieved)`
      : '- **Latency knee:** none detected',
    a.saturationPoint
      ? `- **Saturation point:** ${f.load(a.saturationPoint.offeredLoad)} (${f.rate(a.saturationPoint.achievedRps)} achieved)`
      : '- **Saturation point:** not reached within the sweep',
  );
  if (a.slo) {
    lines.push(
      a.maxGoodput
        ? `- **Max goodput under the SLO:** ${f.rate(a.maxGoodput.achievedRps)} at ${f.load(a.maxGoodput.offeredLoad)}`
        : '- **Max goodput under the SLO:** no level meets the SLO',
    );
  }
  lines.push(
    a.recommendedRange
      ? `- **Recommended operating range:** ${f.load(a.recommendedRange.minLoad)} to ${f.load(a.recommendedRange.maxLoad)}`
      : '- **Recommended operating range:** none (see notes)',
  );
  return lines;
}

function levelTable(sweep: PlacedSweep, a: SaturationAnalysis, metrics: ReportMetrics, f: Fmt): string[] {
  const marks = (l: PlacedLevel): string => {
    const m: string[] = [];
    if (a.knee?.level === l.level) m.push('knee');
    if (a.saturationPoint?.level === l.level) m.push('saturation');
    if (a.maxGoodput?.level === l.level) m.push('max goodput');
    if (!l.analyzed) m.push('not analysed');
    return m.join(', ');
  };
  const header: [string, boolean][] = [
    ['Level', true],
    ['Load', true],
    ['Loop', false],
    ['Achieved', true],
  ];
  if (metrics.tokens) header.push(['Output', true]);
  for (const m of metrics.latencies) header.push([m.label, true]);
  header.push(['Success', true]);
  if (a.slo) header.push(['Meets SLO', false]);
  header.push(['Marks', false]);
  const rows = sweep.levels.map((l) => {
    const cells = [String(l.level), l.label, l.loop, f.rate(l.achievedRps)];
    if (metrics.tokens) cells.push(formatTokenRate(l.outputTokensPerSecond));
    for (const m of metrics.latencies) cells.push(formatMs(l[m.key]));
    cells.push(formatPercent(l.successRate));
    if (a.slo) cells.push(!l.analyzed ? '—' : a.levelsMeetingSlo.includes(l.level) ? 'yes' : 'no');
    cells.push(marks(l));
    return `| ${cells.join(' | ')} |`;
  });
  return [
    `| ${header.map(([h]) => h).join(' | ')} |`,
    `| ${header.map(([, numeric]) => (numeric ? '---:' : '---')).join(' | ')} |`,
    ...rows,
  ];
}

export function renderSaturationReport(
  run: ReportRun,
  sweep: PlacedSweep,
  analysis: SaturationAnalysis,
  plotFiles: readonly string[],
  metrics: ReportMetrics = LLM_METRICS,
): string {
  const f: Fmt = {
    load: (v) => formatLoad(v, sweep.units),
    rate: (v) => formatRate(v, sweep.units.unit),
  };
  const out: string[] = [];
  out.push(`# Saturation report: ${escapeMarkdown(run.name)}`, '');
  const model = run.model ? `, model ${code(run.model)}` : '';
  out.push(`Run ${code(run.id)} against ${code(run.target)}${model}.`, '');

  out.push('## Summary', '', ...summaryLines(sweep, analysis, f), '');

  out.push('## Levels', '');
  out.push(
    sweep.units.axis === 'rate'
      ? 'In load order: an open-loop level at its offered rate, a closed-loop level at the rate it achieved.'
      : 'In load order, by concurrency (every level is closed-loop).',
    '',
    ...levelTable(sweep, analysis, metrics, f),
    '',
  );

  out.push('## Knee', '');
  if (analysis.knee) {
    const label = KNEE_LABELS[analysis.knee.metric];
    out.push(
      `Kneedle finds the bend of the ${label} p95 curve at **${f.load(analysis.knee.offeredLoad)}** ` +
        `(${formatMs(analysis.knee.latencyMs)} at ${f.rate(analysis.knee.achievedRps)} achieved). Beyond it, latency grows much faster than before.`,
    );
  } else {
    out.push('Kneedle finds no pronounced bend in the p95 latency curve over this sweep.');
  }
  if (analysis.throughputKnee) {
    out.push(
      '',
      `Throughput gains start to flatten at ${f.load(analysis.throughputKnee.offeredLoad)} (Kneedle on throughput).`,
    );
  }
  out.push('');

  out.push('## Saturation point', '');
  if (analysis.saturationPoint) {
    const s = analysis.saturationPoint;
    out.push(
      `Throughput stops growing at **${f.load(s.offeredLoad)}** (${f.rate(s.achievedRps)} achieved; ` +
        `peak over the sweep ${f.rate(s.peakAchievedRps)}): no heavier level gains throughput at an elasticity of ` +
        `${analysis.settings.saturationElasticity} or more (relative throughput gain over relative load increase).`,
    );
  } else {
    out.push(
      'Throughput was still growing at the heaviest level: extend the sweep to find the saturation point.',
    );
  }
  out.push('');

  out.push('## Recommended operating range under the SLO', '');
  if (analysis.slo) {
    const { ttftP95Ms, itlP95Ms, e2eP95Ms } = analysis.slo;
    const targets = metrics.latencies.map(
      (m) =>
        `${m.label.replace(/ p95$/, '')} ≤ ${formatMs({ ttftP95: ttftP95Ms, itlP95: itlP95Ms, e2eP95: e2eP95Ms }[m.key])}`,
    );
    out.push(`SLO (p95): ${targets.join(', ')}.`, '');
    if (analysis.maxGoodput) {
      const g = analysis.maxGoodput;
      const tokens = metrics.tokens ? ` (${formatTokenRate(g.outputTokensPerSecond)} output)` : '';
      const latencies = metrics.latencies.map((m) => `${m.label.replace(/ p95$/, '')} ${formatMs(g[m.key])}`);
      out.push(
        `Max goodput: **${f.rate(g.achievedRps)}**${tokens} at ${f.load(g.offeredLoad)}, ` +
          `with ${latencies.join(', ')} at p95.`,
        '',
      );
    } else {
      out.push('No level of this sweep meets the SLO.', '');
    }
  } else {
    out.push(
      'No SLO was given; the range below ends at the knee or the saturation point, whichever comes first.',
      '',
    );
  }
  out.push(
    analysis.recommendedRange
      ? `Recommended: **${f.load(analysis.recommendedRange.minLoad)} to ${f.load(analysis.recommendedRange.maxLoad)}** per replica.`
      : 'No operating range can be recommended from this sweep.',
    '',
  );

  const notes = [...sweep.notes, ...analysis.notes];
  if (notes.length > 0) out.push('## Notes', '', ...notes.map((n) => `- ${n}`), '');

  if (plotFiles.length > 0) {
    out.push('## Plots', '');
    for (const file of plotFiles) out.push(`![${escapeMarkdown(plotTitle(file))}](${linkTarget(file)})`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
