import {
  INTENT_FIELDS,
  type EvidenceSpan,
  type ExtractedIntent,
  type IntentEvidence,
  type IntentField,
  type IntentFieldName,
  type IntentSpec,
  type SloOverrides,
} from '../types.js';
import { findFollowUps } from './follow-up.js';
import { NO_USE_CASE_NOTE, spansOf } from './rules.js';

/**
 * One turn of a conversation applied to the spec so far (docs/intent.md, "Several turns"). The first
 * turn refines an empty base. Pure: the caller extracts the turn (rules, maybe an LLM) and resolves
 * the result.
 *
 * - A value this turn's words state replaces the base's; everything else is carried.
 * - A new load replaces the old one: users drop a base request rate, a rate drops base users.
 * - GPUs named replace the allowed list, unless the text adds them ("add A100s", "H200 too").
 *   Excluded GPUs leave the list and join `excludedGpuTypes` (a GPU required again leaves that).
 *   An allow-list emptied by exclusions becomes "all" (empty): the exclusions still hold.
 * - "drop the budget", "no GPU limit", "any GPU is fine" clear a field; a value stated in the same
 *   turn wins over a clear. "double the users" scales the base's value.
 * - A new use case drops the base's prompt/output tokens so its template brings its own.
 */

export interface Turn {
  /** The turn's text, as sent (evidence offsets point into it). */
  text: string;
  intent: ExtractedIntent;
  /** Fields the turn's text stated, with their spans ([] when only an LLM read the value). */
  evidence: IntentEvidence;
  /** How sure the use case is (0–1); absent = sure (an LLM's choice). */
  useCaseConfidence?: number;
}

export interface Refinement<T extends IntentSpec> {
  spec: T & IntentSpec;
  fields: IntentField[];
  /** Fields whose value differs from the base's, in INTENT_FIELDS order. */
  changed: IntentFieldName[];
}

/**
 * A follow-up replaces the base's use case only when the classifier is at least this sure: short
 * follow-ups ("we can't use H100") carry few words, and a weak guess must not undo a stated use case.
 */
export const SWITCH_USE_CASE_CONFIDENCE = 0.5;

/** When nothing says what load to plan for, the spec starts at 1 req/s and says so. */
export const DEFAULT_RPS_WHEN_UNSTATED = 1;

type Value = string | number | boolean | string[] | null;

function sloKey(name: IntentFieldName): keyof SloOverrides | null {
  return name.startsWith('slo.') ? (name.slice(4) as keyof SloOverrides) : null;
}

export function fieldValue(spec: IntentSpec, name: IntentFieldName): Value {
  const slo = sloKey(name);
  if (slo) return spec.slo?.[slo] ?? null;
  const value = spec[name as Exclude<IntentFieldName, `slo.${string}`>];
  return value ?? null;
}

function setField(spec: IntentSpec, name: IntentFieldName, value: Value): void {
  const slo = sloKey(name);
  if (slo) {
    const next: NonNullable<IntentSpec['slo']> = { ...spec.slo };
    if (typeof value === 'number') next[slo] = value;
    else delete next[slo];
    spec.slo = Object.keys(next).length > 0 ? next : null;
    return;
  }
  (spec as Record<string, Value>)[name] = value;
}

function sameValue(a: Value, b: Value): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const norm = (v: Value) => (Array.isArray(v) ? [...v].map((x) => x.toLowerCase()).sort() : []);
    return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
  }
  return a === b;
}

/** What a field holds when nobody set it. */
function isDefault(name: IntentFieldName, value: Value): boolean {
  if (value === null || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  return name === 'priority' && value === 'BALANCED';
}

function fmt(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

function hasType(list: readonly string[], type: string): boolean {
  return list.some((t) => t.toLowerCase() === type.toLowerCase());
}

export function refineSpec<T extends IntentSpec>(base: T, turn: Turn): Refinement<T> {
  const { intent, text } = turn;
  const spec: T & IntentSpec = { ...base, slo: base.slo ? { ...base.slo } : base.slo };
  const stated = new Map<IntentFieldName, EvidenceSpan[]>();
  const notes: string[] = [];
  const follow = findFollowUps(text);
  const state = (name: IntentFieldName, value: Value, evidence: EvidenceSpan[]) => {
    setField(spec, name, value);
    stated.set(name, evidence);
  };
  const said = (name: IntentFieldName) => turn.evidence[name];
  const quote = (s: { index: number; end: number }) => spansOf(text, [s]);

  // Use case: a use case the text names replaces the base's; none named keeps it.
  const hadUseCase = Boolean(base.useCaseKey);
  const useCaseWords = said('useCaseKey');
  const sure = (turn.useCaseConfidence ?? 1) >= SWITCH_USE_CASE_CONFIDENCE;
  if (intent.useCaseMatched && useCaseWords && hadUseCase && !sure && base.useCaseKey !== intent.useCaseKey) {
    notes.push(
      `the text may mean ${intent.useCaseKey} (${Math.round(100 * (turn.useCaseConfidence ?? 0))} % sure, from ` +
        `${useCaseWords.map((e) => `"${e.text}"`).join(', ')}); kept ${base.useCaseKey} — change the use case if you meant it`,
    );
  } else if (intent.useCaseMatched && useCaseWords) {
    state('useCaseKey', intent.useCaseKey, useCaseWords);
    if (hadUseCase && base.useCaseKey !== intent.useCaseKey) {
      // The base's tokens were its old template's; the new template brings its own.
      delete spec.promptTokens;
      delete spec.outputTokens;
    }
  } else if (!hadUseCase) {
    setField(spec, 'useCaseKey', intent.useCaseKey);
  }
  // The classifier's notes are about a use case the follow-up may not change.
  const useCaseNote = (n: string) => n.startsWith(NO_USE_CASE_NOTE) || n.startsWith('the text also fits');
  notes.push(...intent.notes.filter((n) => !(hadUseCase && !stated.has('useCaseKey') && useCaseNote(n))));

  // Load: a new statement of load replaces the old one.
  const usersWords = said('users');
  const rpsWords = said('requestsPerSecond');
  if (usersWords && intent.users !== null) {
    state('users', intent.users, usersWords);
    if (!rpsWords && spec.requestsPerSecond != null) state('requestsPerSecond', null, usersWords);
  }
  if (rpsWords && intent.requestsPerSecond !== null) {
    state('requestsPerSecond', intent.requestsPerSecond, rpsWords);
    if (!usersWords && spec.users != null) {
      state('users', null, rpsWords);
      if (!said('requestsPerUserPerMinute')) state('requestsPerUserPerMinute', null, rpsWords);
    }
  }
  const perUserWords = said('requestsPerUserPerMinute');
  if (perUserWords && intent.requestsPerUserPerMinute !== null) {
    state('requestsPerUserPerMinute', intent.requestsPerUserPerMinute, perUserWords);
  }
  const scaleUsers = follow.scaled.users;
  const scaleLoad = follow.scaled.load;
  if (scaleUsers && !usersWords) {
    if (spec.users != null)
      state('users', Math.round(spec.users * scaleUsers.factor), quote(scaleUsers.span));
    else notes.push(`"${scaleUsers.span.text.trim()}": the spec has no user count to scale`);
  }
  if (scaleLoad && !usersWords && !rpsWords) {
    if (spec.requestsPerSecond != null) {
      state('requestsPerSecond', spec.requestsPerSecond * scaleLoad.factor, quote(scaleLoad.span));
    } else if (spec.users != null && !scaleUsers) {
      state('users', Math.round(spec.users * scaleLoad.factor), quote(scaleLoad.span));
    } else if (!scaleUsers) notes.push(`"${scaleLoad.span.text.trim()}": the spec has no load to scale`);
  }

  // Priority: a priority stated replaces the base's; "balanced" or withdrawing the base's resets it.
  const priorityWords = said('priority');
  const withdrawn = follow.withdrawn.find((w) => w.priority === base.priority);
  if (priorityWords) state('priority', intent.priority, priorityWords);
  else if (follow.balanced) state('priority', 'BALANCED', quote(follow.balanced));
  else if (withdrawn) state('priority', 'BALANCED', quote(withdrawn.span));

  // GPUs.
  const gpuWords = said('gpuTypes');
  const cleared = follow.cleared;
  if (gpuWords && (intent.gpuTypes.length > 0 || intent.excludedGpuTypes.length > 0)) {
    const baseList = cleared.gpuTypes ? [] : (spec.gpuTypes ?? []);
    const baseExcluded = cleared.gpuTypes ? [] : (spec.excludedGpuTypes ?? []);
    const excluded = intent.excludedGpuTypes;
    let list = baseList;
    const evidence = [...gpuWords];
    if (intent.gpuTypes.length > 0) {
      if (follow.addGpus) {
        evidence.push(...quote(follow.addGpus));
        if (baseList.length === 0 && excluded.length === 0) {
          if (!intent.gpuTypes.some((t) => hasType(baseExcluded, t)))
            notes.push(`every GPU type is already allowed; ${intent.gpuTypes.join(', ')} stay allowed`);
        } else list = [...baseList, ...intent.gpuTypes.filter((t) => !hasType(baseList, t))];
      } else list = intent.gpuTypes;
    }
    // A GPU required now is no longer excluded; one excluded now is no longer allowed.
    const nowExcluded = [
      ...baseExcluded.filter((t) => !hasType(intent.gpuTypes, t) && !hasType(excluded, t)),
      ...excluded,
    ];
    if (excluded.length > 0) {
      const kept = list.filter((t) => !hasType(excluded, t));
      if (list.length > 0 && kept.length === 0)
        notes.push(`no allowed GPU type left; any GPU except ${nowExcluded.join(', ')} may be used`);
      list = kept;
    }
    if (!sameValue(nowExcluded, baseExcluded) || excluded.length > 0) {
      const words = said('excludedGpuTypes') ?? gpuWords;
      state('excludedGpuTypes', nowExcluded, words);
    }
    state(
      'gpuTypes',
      list,
      spansOf(
        text,
        evidence.map((e) => ({ index: e.start, end: e.end })),
      ),
    );
  } else if (cleared.gpuTypes) {
    state('gpuTypes', [], quote(cleared.gpuTypes));
    if ((spec.excludedGpuTypes ?? []).length > 0) state('excludedGpuTypes', [], quote(cleared.gpuTypes));
  }

  // Limits and targets: a value read wins; else a clear; else a relative change; else carried.
  const scalar = (name: IntentFieldName, value: number | boolean | null, clearedTo: Value) => {
    const words = said(name);
    if (words && value !== null && value !== false) state(name, value, words);
    else if (cleared[name]) state(name, clearedTo, quote(cleared[name]));
  };
  scalar('maxGpus', intent.maxGpus, null);
  scalar('maxMonthlyCostUsd', intent.maxMonthlyCostUsd, null);
  scalar('minQualityScore', intent.minQualityScore, null);
  scalar('headroomPercent', intent.headroomPercent, null);
  scalar('approvedOnly', intent.approvedOnly, false);
  scalar('slo.ttftP95Ms', intent.sloOverrides.ttftP95Ms ?? null, null);
  scalar('slo.itlP95Ms', intent.sloOverrides.itlP95Ms ?? null, null);
  scalar('slo.e2eP95Ms', intent.sloOverrides.e2eP95Ms ?? null, null);
  for (const name of ['maxMonthlyCostUsd', 'maxGpus'] as const) {
    const scale = follow.scaled[name];
    if (!scale || stated.has(name)) continue;
    const current = spec[name];
    if (current == null) {
      notes.push(
        `"${scale.span.text.trim()}": the spec has no ${name === 'maxGpus' ? 'GPU limit' : 'budget'}`,
      );
      continue;
    }
    const next = current * scale.factor;
    state(
      name,
      name === 'maxGpus' ? Math.max(1, Math.round(next)) : Math.round(next * 100) / 100,
      quote(scale.span),
    );
  }

  if (spec.requestsPerSecond == null && spec.users == null) {
    spec.requestsPerSecond = DEFAULT_RPS_WHEN_UNSTATED;
    notes.push(`no load stated; assumed ${DEFAULT_RPS_WHEN_UNSTATED} req/s — edit the spec`);
  }
  spec.domains = [...new Set([...(base.domains ?? []), ...intent.domains])];
  spec.notes = notes;

  const fields: IntentField[] = INTENT_FIELDS.map((name) => {
    const evidence = stated.get(name);
    if (evidence) return { name, source: 'STATED', evidence };
    const carried = !isDefault(name, fieldValue(base, name));
    return { name, source: carried ? 'CARRIED' : 'DEFAULT', evidence: [] };
  });
  const changed = INTENT_FIELDS.filter((name) => !sameValue(fieldValue(base, name), fieldValue(spec, name)));
  for (const name of changed) {
    const before = fieldValue(base, name);
    const after = fieldValue(spec, name);
    if (typeof before === 'number' && typeof after === 'number' && stated.has(name)) {
      notes.push(`${name}: ${fmt(before)} → ${fmt(after)}`);
    }
  }
  return { spec, fields, changed };
}
