import { INTENT_FIELDS, type ExtractedIntent, type IntentEvidence, type IntentFieldName } from '../types.js';

/** A field's value in an intent, in a comparable form; null when the intent does not state it. */
function intentValue(intent: ExtractedIntent, name: IntentFieldName): string | null {
  switch (name) {
    case 'useCaseKey':
      return intent.useCaseMatched ? intent.useCaseKey : null;
    case 'gpuTypes':
      return JSON.stringify([[...intent.gpuTypes].sort(), [...intent.excludedGpuTypes].sort()]);
    case 'excludedGpuTypes':
      return intent.excludedGpuTypes.length > 0 ? JSON.stringify([...intent.excludedGpuTypes].sort()) : null;
    case 'priority':
      return intent.priority;
    case 'approvedOnly':
      return intent.approvedOnly ? 'true' : null;
    case 'slo.ttftP95Ms':
    case 'slo.itlP95Ms':
    case 'slo.e2eP95Ms': {
      const value = intent.sloOverrides[name.slice(4) as 'ttftP95Ms' | 'itlP95Ms' | 'e2eP95Ms'];
      return value === undefined ? null : String(value);
    }
    default: {
      const value = intent[name];
      return value === null ? null : String(value);
    }
  }
}

const NOT_STATED = JSON.stringify([[], []]);

/**
 * Evidence for a merged rules + LLM intent: a field whose value is still the rules' keeps the rules'
 * spans; a value the LLM supplied or changed is stated without spans (the LLM gives none).
 */
export function mergeEvidence(
  rules: ExtractedIntent,
  rulesEvidence: IntentEvidence,
  merged: ExtractedIntent,
): IntentEvidence {
  const evidence: IntentEvidence = {};
  for (const name of INTENT_FIELDS) {
    const value = intentValue(merged, name);
    if (value === null || value === NOT_STATED || (name === 'priority' && value === 'BALANCED')) {
      if (rulesEvidence[name] && value === intentValue(rules, name)) evidence[name] = rulesEvidence[name];
      continue;
    }
    evidence[name] = value === intentValue(rules, name) ? (rulesEvidence[name] ?? []) : [];
  }
  return evidence;
}
