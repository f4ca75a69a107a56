import { createHash } from 'node:crypto';
import { joinProfile, PROFILE_TOLERANCE } from './profile-join.js';
import type { ImportError, NormalizedBenchmarkRow } from './types.js';

/**
 * Parsed rows → rows keyed to the catalog (pure; the service loads the catalog and writes). Unknown
 * models and GPUs are reported with their row, never guessed; a row whose tokens are no traffic
 * profile keeps its own token counts and no profile, so it is never matched exactly by mistake.
 */

export interface ImportCatalog {
  modelIds: Map<string, number>;
  gpuIds: Map<string, { id: number; type: string }>;
  profiles: { id: number; promptTokens: number; outputTokens: number }[];
}

export interface ResolvedRow {
  source: NormalizedBenchmarkRow;
  configId: string;
  modelId: number;
  gpuId: number;
  gpuType: string;
  profileId: number | null;
  promptTokens: number;
  outputTokens: number;
}

export interface MappedRows {
  rows: ResolvedRow[];
  errors: ImportError[];
  warnings: string[];
}

function listRows(rows: number[]): string {
  const shown = rows.slice(0, 10).join(', ');
  return rows.length > 10 ? `${shown}, …` : shown;
}

/** A stable number for a load level: the same value always gives the same key. */
function levelKey(value: number): string {
  return String(Number(value.toPrecision(12)));
}

/**
 * Rows without a config_id get a stable one from what identifies a load level: concurrency, else the
 * offered request rate, else (rate sweeps that record neither) the achieved requests per second.
 * Rows with a concurrency or rate keep the identity they had before the achieved rate counted.
 */
export function derivedConfigId(row: ResolvedRow): string {
  const r = row.source;
  const identity = [
    r.modelHfRepo.toLowerCase(),
    row.gpuType,
    r.hardwareCount,
    row.promptTokens,
    row.outputTokens,
    r.concurrency ?? '',
    r.requestRate ?? '',
    r.framework ?? '',
    r.frameworkVersion ?? '',
  ];
  if (r.concurrency === null && r.requestRate === null)
    identity.push(`achieved:${levelKey(r.requestsPerSecond)}`);
  return `imp:${createHash('sha256').update(identity.join('|')).digest('hex').slice(0, 32)}`;
}

/**
 * Rows of one run that state no target tokens and join no profile keep their measured means, which
 * differ a little from level to level (498.6 → 243.1, then 497.9 → 242.6): rounded one by one they would
 * split one sweep into a config per level. Rows of the same model, GPU, GPU count, framework and dataset
 * whose means all lie within PROFILE_TOLERANCE of the group's mean share that mean, rounded, as their
 * tokens. A group that spreads wider keeps each row's own rounding. Pure and order-independent.
 */
function shareMeasuredTokens(rows: ResolvedRow[]): void {
  const groups = new Map<string, ResolvedRow[]>();
  for (const row of rows) {
    if (!row.source.tokensFromMeans || row.profileId !== null) continue;
    const r = row.source;
    const key = [
      row.modelId,
      row.gpuId,
      r.hardwareCount,
      r.framework ?? '',
      r.frameworkVersion ?? '',
      r.huggingfacePromptDataset ?? '',
    ].join('|');
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const mean = (pick: (r: ResolvedRow) => number) =>
      group.reduce((sum, r) => sum + pick(r), 0) / group.length;
    const input = mean((r) => r.source.meanInputTokens);
    const output = mean((r) => r.source.meanOutputTokens);
    const within = group.every(
      (r) =>
        Math.abs(r.source.meanInputTokens - input) <= PROFILE_TOLERANCE * input &&
        Math.abs(r.source.meanOutputTokens - output) <= PROFILE_TOLERANCE * output,
    );
    if (!within) continue;
    for (const r of group) {
      r.promptTokens = Math.max(1, Math.round(input));
      r.outputTokens = Math.max(1, Math.round(output));
    }
  }
}

export function mapRows(parsed: readonly NormalizedBenchmarkRow[], catalog: ImportCatalog): MappedRows {
  const errors: ImportError[] = [];
  const rows: ResolvedRow[] = [];
  const joined: number[] = [];
  const ownTokens = new Map<string, number[]>();
  const exactByKey = new Map(catalog.profiles.map((p) => [`${p.promptTokens}x${p.outputTokens}`, p]));
  for (const row of parsed) {
    const modelId = catalog.modelIds.get(row.modelHfRepo.trim().toLowerCase());
    if (modelId === undefined) {
      errors.push({
        row: row.rowNumber,
        field: 'model_hf_repo',
        code: 'INVALID_VALUE',
        message: `row ${row.rowNumber}: unknown model "${row.modelHfRepo}" (not in the catalog)`,
      });
      continue;
    }
    const gpu = catalog.gpuIds.get(row.hardware.trim().toLowerCase());
    if (gpu === undefined) {
      errors.push({
        row: row.rowNumber,
        field: 'hardware',
        code: 'INVALID_VALUE',
        message: `row ${row.rowNumber}: unknown GPU "${row.hardware}" (not a GPU type or alias)`,
      });
      continue;
    }
    const profile = row.tokensFromMeans
      ? joinProfile(row.meanInputTokens, row.meanOutputTokens, catalog.profiles)
      : (exactByKey.get(`${row.promptTokens}x${row.outputTokens}`) ?? null);
    if (row.tokensFromMeans && profile) joined.push(row.rowNumber);
    const resolved: ResolvedRow = {
      source: row,
      configId: '',
      modelId,
      gpuId: gpu.id,
      gpuType: gpu.type,
      profileId: profile?.id ?? null,
      promptTokens: profile?.promptTokens ?? row.promptTokens,
      outputTokens: profile?.outputTokens ?? row.outputTokens,
    };
    rows.push(resolved);
  }
  shareMeasuredTokens(rows);
  for (const row of rows) {
    row.configId = row.source.configId ?? derivedConfigId(row);
    if (row.profileId === null) {
      const key = `${row.promptTokens}→${row.outputTokens}`;
      ownTokens.set(key, [...(ownTokens.get(key) ?? []), row.source.rowNumber]);
    }
  }
  const pct = `${PROFILE_TOLERANCE * 100} %`;
  const warnings: string[] = [];
  if (joined.length > 0) {
    warnings.push(
      `${joined.length} row(s) (${listRows(joined)}) state no target tokens: their measured means are within ` +
        `${pct} of a traffic profile, which they join`,
    );
  }
  for (const [tokens, rowNumbers] of ownTokens) {
    warnings.push(
      `${rowNumbers.length} row(s) (${listRows(rowNumbers)}) measure ${tokens} tokens, no traffic profile ` +
        `(within ${pct}): kept under their own token counts, matched only by a spec with exactly those tokens`,
    );
  }
  return { rows: errors.length > 0 ? [] : rows, errors, warnings };
}

export function findDuplicateConfigId(rows: readonly ResolvedRow[]): ImportError | null {
  const seen = new Map<string, number>();
  for (const row of rows) {
    const earlier = seen.get(row.configId);
    if (earlier !== undefined) {
      return {
        row: row.source.rowNumber,
        field: 'config_id',
        code: 'INVALID_VALUE',
        message: `row ${row.source.rowNumber} repeats the load level of row ${earlier} (config_id ${row.configId})`,
      };
    }
    seen.set(row.configId, row.source.rowNumber);
  }
  return null;
}

/** What one import does to one (model, GPU, GPU count, tokens) config. */
export interface ConfigChange {
  modelHfRepo: string;
  hardware: string;
  hardwareCount: number;
  promptTokens: number;
  outputTokens: number;
  /** False when the rows keep their own token counts (no traffic profile). */
  trafficProfile: boolean;
  inserts: number;
  updates: number;
}

/** Per-config inserts/updates, in first-seen order; `existing` holds the config_ids already stored. */
export function configChanges(rows: readonly ResolvedRow[], existing: ReadonlySet<string>): ConfigChange[] {
  const changes = new Map<string, ConfigChange>();
  for (const row of rows) {
    const modelHfRepo = row.source.modelHfRepo.trim().toLowerCase();
    const key = [modelHfRepo, row.gpuType, row.source.hardwareCount, row.promptTokens, row.outputTokens].join(
      '|',
    );
    let change = changes.get(key);
    if (!change) {
      change = {
        modelHfRepo,
        hardware: row.gpuType,
        hardwareCount: row.source.hardwareCount,
        promptTokens: row.promptTokens,
        outputTokens: row.outputTokens,
        trafficProfile: row.profileId !== null,
        inserts: 0,
        updates: 0,
      };
      changes.set(key, change);
    }
    if (existing.has(row.configId)) change.updates += 1;
    else change.inserts += 1;
  }
  return [...changes.values()];
}
