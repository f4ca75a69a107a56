import type { SpecForm } from './spec-form.js';

/**
 * Where each spec field on the form came from, across the turns of a conversation and the user's own
 * edits. The server says per turn whether a field was STATED (with the words), CARRIED from the base
 * or a DEFAULT; the client remembers which turn's words set a carried value. Pure.
 */
export type Origin =
  /** `words` empty: an LLM read the value (it gives no spans). */
  | { kind: 'stated'; turn: number; words: string[] }
  | { kind: 'default' }
  /** Kept from a spec no turn described (a blank spec). */
  | { kind: 'carried' }
  | { kind: 'edited' };

export type Origins = Partial<Record<string, Origin>>;

export interface TurnField {
  name: string;
  source: 'STATED' | 'CARRIED' | 'DEFAULT';
  evidence: readonly { text: string }[];
}

/** Form fields and the extractIntent field names they show. */
export const FORM_FIELD_NAMES = {
  useCaseKey: 'useCaseKey',
  ttftP95Ms: 'slo.ttftP95Ms',
  itlP95Ms: 'slo.itlP95Ms',
  e2eP95Ms: 'slo.e2eP95Ms',
  users: 'users',
  requestsPerUserPerMinute: 'requestsPerUserPerMinute',
  requestsPerSecond: 'requestsPerSecond',
  priority: 'priority',
  gpuTypes: 'gpuTypes',
  excludedGpuTypes: 'excludedGpuTypes',
  maxGpus: 'maxGpus',
  maxMonthlyCostUsd: 'maxMonthlyCostUsd',
  approvedOnly: 'approvedOnly',
} as const satisfies Partial<Record<keyof SpecForm, string>>;

export type OriginField = keyof typeof FORM_FIELD_NAMES;

export const FIELD_LABELS: Record<string, string> = {
  useCaseKey: 'use case',
  users: 'users',
  requestsPerUserPerMinute: 'requests per user',
  requestsPerSecond: 'requests/s',
  priority: 'priority',
  gpuTypes: 'GPU types',
  excludedGpuTypes: 'excluded GPU types',
  maxGpus: 'max GPUs',
  maxMonthlyCostUsd: 'budget',
  approvedOnly: 'approved only',
  minQualityScore: 'minimum quality',
  headroomPercent: 'headroom',
  'slo.ttftP95Ms': 'TTFT',
  'slo.itlP95Ms': 'ITL',
  'slo.e2eP95Ms': 'E2E',
};

/** Origins after turn `turn` (1-based): its stated words win; unchanged fields keep their earlier origin. */
export function originsAfterTurn(
  previous: Origins,
  fields: readonly TurnField[],
  changed: readonly string[],
  turn: number,
): Origins {
  const next: Origins = {};
  for (const field of fields) {
    const before = previous[field.name];
    if (field.source === 'STATED') {
      next[field.name] = { kind: 'stated', turn, words: field.evidence.map((e) => e.text) };
    } else if (before && !changed.includes(field.name)) {
      next[field.name] = before;
    } else {
      next[field.name] = field.source === 'CARRIED' ? { kind: 'carried' } : { kind: 'default' };
    }
  }
  return next;
}

/** Fields whose value the user changed on the form are theirs now. */
export function originsAfterEdit(previous: Origins, before: SpecForm, after: SpecForm): Origins {
  const next: Origins = { ...previous };
  for (const [key, name] of Object.entries(FORM_FIELD_NAMES) as [OriginField, string][]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) next[name] = { kind: 'edited' };
  }
  return next;
}

export function originLabel(origin: Origin | undefined): string {
  if (!origin) return '';
  switch (origin.kind) {
    case 'stated':
      return origin.words.length > 0
        ? `from ${origin.words.map((w) => `“${w}”`).join(', ')} (turn ${origin.turn})`
        : `read by the LLM (turn ${origin.turn})`;
    case 'default':
      return 'default';
    case 'carried':
      return 'kept from the spec';
    case 'edited':
      return 'edited by you';
  }
}

/** The reply to one turn: what it changed, in words. */
export function turnSummary(changed: readonly string[], first: boolean): string {
  const names = changed.map((c) => FIELD_LABELS[c] ?? c);
  if (names.length === 0) return 'Nothing changed.';
  return `${first ? 'Set' : 'Changed'}: ${names.join(', ')}.`;
}
