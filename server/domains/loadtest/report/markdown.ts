/**
 * `report.md` for a sweep: summary, the per-level table, the knee, the saturation point, the
 * recommended operating range under the SLO, notes, and links to the plot images.
 */
import type { SaturationAnalysis, SweepLevel } from '../analysis/saturation.js';

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

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

function ms(value: number): string {
  return fixed(value, Math.abs(value) >= 100 ? 0 : 1);
}

function load(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function plotTitle(file: string): string {
  const stem = (file.split('/').pop() ?? file).replace(/\.[a-z0-9]+$/i, '');
  const words = stem.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function summaryLines(levels: readonly SweepLevel[], a: SaturationAnalysis): string[] {
  const loads = levels.map((l) => l.offeredLoad);
  const peak = levels.reduce<SweepLevel | null>(
    (best, l) => (best === null || l.achievedRps > best.achievedRps ? l : best),
    null,
  );
  const lines = [
    `- **Levels:** ${levels.length}${levels.length > 0 ? ` (offered load ${load(Math.min(...loads))} to ${load(Math.max(...loads))})` : ''}`,
  ];
  if (peak)
    lines.push(
      `- **Peak throughput:** ${fixed(peak.achievedRps, 2)} req/s at offered load ${load(peak.offeredLoad)}`,
    );
  lines.push(
    a.knee
      ? `- **Latency knee (${KNEE_LABELS[a.knee.metric]} p95):** offered load ${load(a.knee.offeredLoad)} (${fixed(a.knee.achievedRps, 2)} req/s)`
      : '- **Latency knee:** none detected',
    a.saturationPoint
      ? `- **Saturation point:** offered load ${load(a.saturationPoint.offeredLoad)} (${fixed(a.saturationPoint.achievedRps, 2)} req/s)`
      : '- **Saturation point:** not reached within the sweep',
  );
  if (a.slo) {
    lines.push(
      a.maxGoodput
        ? `- **Max goodput under the SLO:** ${fixed(a.maxGoodput.achievedRps, 2)} req/s at offered load ${load(a.maxGoodput.offeredLoad)}`
        : '- **Max goodput under the SLO:** no level meets the SLO',
    );
  }
  lines.push(
    a.recommendedRange
      ? `- **Recommended operating range:** offered load ${load(a.recommendedRange.minLoad)} to ${load(a.recommendedRange.maxLoad)}`
      : '- **Recommended operating range:** none (see notes)',
  );
  return lines;
}

function levelTable(levels: readonly SweepLevel[], a: SaturationAnalysis): string[] {
  const marks = (l: SweepLevel): string => {
    const m: string[] = [];
    if (a.knee?.offeredLoad === l.offeredLoad) m.push('knee');
    if (a.saturationPoint?.offeredLoad === l.offeredLoad) m.push('saturation');
    if (a.maxGoodput?.offeredLoad === l.offeredLoad) m.push('max goodput');
    return m.join(', ');
  };
  const header = [
    'Level',
    'Offered load',
    'Achieved req/s',
    'Output tok/s',
    'TTFT p95 ms',
    'ITL p95 ms',
    'E2E p95 ms',
    'Success',
  ];
  if (a.slo) header.push('Meets SLO');
  header.push('Marks');
  const rows = levels.map((l) => {
    const cells = [
      String(l.level),
      load(l.offeredLoad),
      fixed(l.achievedRps, 2),
      fixed(l.outputTokensPerSecond, 1),
      ms(l.ttftP95),
      ms(l.itlP95),
      ms(l.e2eP95),
      `${fixed(l.successRate * 100, 1)}%`,
    ];
    if (a.slo) cells.push(a.levelsMeetingSlo.includes(l.level) ? 'yes' : 'no');
    cells.push(marks(l));
    return `| ${cells.join(' | ')} |`;
  });
  const numeric = new Set([
    'Level',
    'Offered load',
    'Achieved req/s',
    'Output tok/s',
    'TTFT p95 ms',
    'ITL p95 ms',
    'E2E p95 ms',
    'Success',
  ]);
  const align = header.map((h) => (numeric.has(h) ? '---:' : '---'));
  return [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`, ...rows];
}

export function renderSaturationReport(
  run: ReportRun,
  levelsInput: readonly SweepLevel[],
  analysis: SaturationAnalysis,
  plotFiles: readonly string[],
): string {
  const levels = [...levelsInput].sort((a, b) => a.offeredLoad - b.offeredLoad);
  const out: string[] = [];
  out.push(`# Saturation report: ${escapeMarkdown(run.name)}`, '');
  const model = run.model ? `, model \`${run.model.replace(/`/g, "'")}\`` : '';
  out.push(`Run \`${run.id.replace(/`/g, "'")}\` against \`${run.target.replace(/`/g, "'")}\`${model}.`, '');

  out.push('## Summary', '', ...summaryLines(levels, analysis), '');

  out.push('## Levels', '', ...levelTable(levels, analysis), '');

  out.push('## Knee', '');
  if (analysis.knee) {
    const label = KNEE_LABELS[analysis.knee.metric];
    out.push(
      `Kneedle finds the bend of the ${label} p95 curve at offered load **${load(analysis.knee.offeredLoad)}** ` +
        `(${ms(analysis.knee.latencyMs)} ms at ${fixed(analysis.knee.achievedRps, 2)} req/s). Beyond it, latency grows much faster than before.`,
    );
  } else {
    out.push('Kneedle finds no pronounced bend in the p95 latency curve over this sweep.');
  }
  if (analysis.throughputKnee) {
    out.push(
      '',
      `Throughput gains start to flatten at offered load ${load(analysis.throughputKnee.offeredLoad)} (Kneedle on throughput).`,
    );
  }
  out.push('');

  out.push('## Saturation point', '');
  if (analysis.saturationPoint) {
    const s = analysis.saturationPoint;
    out.push(
      `Throughput stops growing at offered load **${load(s.offeredLoad)}** (${fixed(s.achievedRps, 2)} req/s; ` +
        `peak over the sweep ${fixed(s.peakAchievedRps, 2)} req/s): no heavier level gains throughput at an elasticity of ` +
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
    out.push(
      `SLO (p95): TTFT ≤ ${ms(ttftP95Ms)} ms, ITL ≤ ${ms(itlP95Ms)} ms, E2E ≤ ${ms(e2eP95Ms)} ms.`,
      '',
    );
    if (analysis.maxGoodput) {
      const g = analysis.maxGoodput;
      out.push(
        `Max goodput: **${fixed(g.achievedRps, 2)} req/s** (${fixed(g.outputTokensPerSecond, 1)} output tok/s) at offered load ${load(g.offeredLoad)}, ` +
          `with TTFT ${ms(g.ttftP95)} ms, ITL ${ms(g.itlP95)} ms, E2E ${ms(g.e2eP95)} ms at p95.`,
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
      ? `Recommended: offered load **${load(analysis.recommendedRange.minLoad)} to ${load(analysis.recommendedRange.maxLoad)}** per replica.`
      : 'No operating range can be recommended from this sweep.',
    '',
  );

  if (analysis.notes.length > 0) {
    out.push('## Notes', '', ...analysis.notes.map((n) => `- ${n}`), '');
  }

  if (plotFiles.length > 0) {
    out.push('## Plots', '');
    for (const file of plotFiles) out.push(`![${escapeMarkdown(plotTitle(file))}](${linkTarget(file)})`, '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
