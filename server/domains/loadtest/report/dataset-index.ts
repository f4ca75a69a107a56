/**
 * `compass bench index`: the notes' dataset index (docs/dataset_index.md) as a Markdown table of every
 * run: id, service, configuration, purpose, status and the baseline categories it is the reference of.
 */

export interface IndexedRun {
  id: number;
  name: string;
  status: string;
  targetModel: string;
  targetUrl: string;
  profileKind: string;
  promptTokens: number;
  outputTokens: number;
  tags: readonly string[];
  createdAt: Date;
  rerunOf: number | null;
  /** The stored recipe (only its load, repetitions, workers and target kind are read). */
  recipe: unknown;
  baselineCategories: readonly string[];
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function list(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) return value.join(', ');
  return null;
}

/** What a run sent, in a few words: profile and its levels, token shape, repetitions, workers. */
export function configurationOf(
  run: Pick<IndexedRun, 'recipe' | 'profileKind' | 'promptTokens' | 'outputTokens'>,
): string {
  const load = field(run.recipe, 'load');
  const parts: string[] = [];
  const rate = list(field(load, 'rate'));
  const concurrency = list(field(load, 'concurrency'));
  if (rate !== null) parts.push(`${run.profileKind} ${rate} req/s`);
  else if (concurrency !== null && run.profileKind !== 'sweep')
    parts.push(`${run.profileKind} ${concurrency} streams`);
  else if (run.profileKind === 'sweep') parts.push(`sweep ${String(field(load, 'sweepLevels') ?? 5)} rates`);
  else parts.push(run.profileKind);
  if (run.promptTokens > 0 || run.outputTokens > 0)
    parts.push(`${run.promptTokens}→${run.outputTokens} tokens`);
  const repetitions = field(run.recipe, 'repetitions');
  if (typeof repetitions === 'number' && repetitions > 1) parts.push(`×${repetitions} repetitions`);
  const workers = field(run.recipe, 'workers');
  if (typeof workers === 'number' && workers > 1) parts.push(`${workers} workers`);
  return parts.join(', ');
}

export function serviceOf(run: Pick<IndexedRun, 'recipe' | 'targetModel' | 'targetUrl'>): string {
  const kind = field(field(run.recipe, 'target'), 'kind');
  let host = run.targetUrl;
  try {
    host = new URL(run.targetUrl).host;
  } catch {
    // a stored URL is always valid; keep the raw text if not
  }
  return `${typeof kind === 'string' ? kind : 'openai'}: ${run.targetModel} @ ${host}`;
}

/** The run's `purpose:` tag (e.g. `purpose:baseline`) when it has one, else all its tags. */
export function purposeOf(tags: readonly string[]): string {
  const tagged = tags.find((t) => t.startsWith('purpose:'));
  return tagged ? tagged.slice('purpose:'.length) : tags.join(', ');
}

function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

export function renderDatasetIndex(runs: readonly IndexedRun[], generatedAt: Date): string {
  const rows = [...runs]
    .sort((a, b) => a.id - b.id)
    .map((run) =>
      [
        String(run.id),
        run.name,
        serviceOf(run),
        configurationOf(run),
        purposeOf(run.tags),
        run.status,
        run.baselineCategories.length > 0 ? `yes (${run.baselineCategories.join(', ')})` : '',
        run.rerunOf === null ? '' : `rerun of ${run.rerunOf}`,
        run.createdAt.toISOString().slice(0, 16).replace('T', ' '),
      ].map(cell),
    );
  const header = [
    'ID',
    'Name',
    'Service',
    'Configuration',
    'Purpose',
    'Status',
    'Baseline',
    'Notes',
    'Created (UTC)',
  ];
  const statuses = new Map<string, number>();
  for (const run of runs) statuses.set(run.status, (statuses.get(run.status) ?? 0) + 1);
  const counts = [...statuses.entries()].map(([status, n]) => `${n} ${status}`).join(', ');
  return [
    '# Dataset index',
    '',
    `${runs.length} benchmark run(s)${counts ? `: ${counts}` : ''}. Generated ${generatedAt.toISOString()}.`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
  ].join('\n');
}
