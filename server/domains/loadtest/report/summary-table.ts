import { SUMMARY_METRICS, type LevelAggregate } from '../analysis/repetitions.js';

/** `compass bench summary`: a run's levels as a fixed-width table, each cell mean ± t-interval half-width. */

export interface SummaryHeader {
  id: string;
  name: string;
  status: string;
  workers: number;
}

function number(value: number): string {
  const magnitude = Math.abs(value);
  return value.toFixed(magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2);
}

export function formatInterval(mean: number, halfWidth: number | null): string {
  return halfWidth === null ? number(mean) : `${number(mean)} ± ${number(halfWidth)}`;
}

export function loadLabel(level: Pick<LevelAggregate, 'loadKind' | 'concurrency' | 'targetRate'>): string {
  if (level.targetRate !== null) return `${level.loadKind} ${number(level.targetRate)} req/s`;
  if (level.concurrency !== null) return `${level.loadKind} × ${level.concurrency} streams`;
  return level.loadKind;
}

export function renderSummaryTable(header: SummaryHeader, levels: readonly LevelAggregate[]): string {
  const confidence = levels[0]?.metrics[0]?.confidence ?? 0.95;
  const columns = ['level', 'load', 'reps', ...SUMMARY_METRICS.map((m) => `${m.label} (${m.unit})`)];
  const rows = levels.map((level) => [
    String(level.levelIndex),
    loadLabel(level),
    String(level.repetitions),
    ...level.metrics.map((m) => formatInterval(m.mean, m.halfWidth)),
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!)))
      .join('  ')
      .trimEnd();
  const repetitions = [...new Set(levels.map((l) => l.repetitions))].join('/');
  const title = `Run ${header.id}: ${header.name} (${header.status}) — ${repetitions || 0} repetition(s) per level${
    header.workers > 1 ? `, ${header.workers} workers` : ''
  }`;
  const note =
    levels.some((l) => l.repetitions >= 2) || levels.length === 0
      ? `cells: mean over repetitions ± half-width of its ${Math.round(confidence * 100)} % t-interval`
      : 'one repetition per level: no interval (set repetitions: 3 or more)';
  return [title, '', line(columns), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), '', note].join(
    '\n',
  );
}
