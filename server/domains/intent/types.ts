export type { IntentFieldSource, Priority } from '../../kernel/enums.js';
import type { IntentFieldSource, Priority } from '../../kernel/enums.js';
import type { DeploymentSpecInput } from '../recommend/core/spec-input.js';

export interface SloOverrides {
  ttftP95Ms?: number;
  itlP95Ms?: number;
  e2eP95Ms?: number;
}

/** What a plain-language description says about a deployment; `null` / empty means "not stated". */
export interface ExtractedIntent {
  /** One of the 9 use-case keys; 'chatbot_conversational' when nothing matched. */
  useCaseKey: string;
  useCaseMatched: boolean;
  users: number | null;
  requestsPerUserPerMinute: number | null;
  requestsPerSecond: number | null;
  priority: Priority;
  /** Canonical GPU types (e.g. 'A100-80', 'H100'). */
  gpuTypes: string[];
  excludedGpuTypes: string[];
  maxGpus: number | null;
  maxMonthlyCostUsd: number | null;
  approvedOnly: boolean;
  minQualityScore: number | null;
  headroomPercent: number | null;
  sloOverrides: SloOverrides;
  /** e.g. 'healthcare', 'legal', 'finance', 'code', 'multilingual', 'customer-support'. */
  domains: string[];
  /** Human-readable: fallbacks, contradictions resolved, assumptions. */
  notes: string[];
}

export interface ExtractionContext {
  /** alias (any case) -> canonical GPU type */
  gpuAliases: Record<string, string>;
}

export type { LlmCallRecord } from '../llm-metrics/types.js';

/** Words of the input and their character span in it (UTF-16 offsets, `end` exclusive). */
export interface EvidenceSpan {
  text: string;
  start: number;
  end: number;
}

/** The spec fields the extractor reads, named as in DeploymentSpecInput (SLO targets as `slo.<key>`). */
export const INTENT_FIELDS = [
  'useCaseKey',
  'users',
  'requestsPerUserPerMinute',
  'requestsPerSecond',
  'priority',
  'gpuTypes',
  'excludedGpuTypes',
  'maxGpus',
  'maxMonthlyCostUsd',
  'approvedOnly',
  'minQualityScore',
  'headroomPercent',
  'slo.ttftP95Ms',
  'slo.itlP95Ms',
  'slo.e2eP95Ms',
] as const;
export type IntentFieldName = (typeof INTENT_FIELDS)[number];

/** The spans that set each field; a field missing here was not stated by the text. */
export type IntentEvidence = Partial<Record<IntentFieldName, EvidenceSpan[]>>;

/** One field of an extracted spec: where its value came from and the words that set it. */
export interface IntentField {
  name: IntentFieldName;
  source: IntentFieldSource;
  /** Empty unless STATED; also empty for a value only the LLM read (it gives no spans). */
  evidence: EvidenceSpan[];
}

/**
 * The spec fields extraction fills: recommend's DeploymentSpecInput (one schema, recommend/core/spec-input.ts)
 * narrowed to them. A base spec carries any other fields through untouched.
 */
export type IntentSpec = Pick<
  DeploymentSpecInput,
  | 'useCaseKey'
  | 'promptTokens'
  | 'outputTokens'
  | 'slo'
  | 'requestsPerSecond'
  | 'users'
  | 'requestsPerUserPerMinute'
  | 'headroomPercent'
  | 'priority'
  | 'gpuTypes'
  | 'excludedGpuTypes'
  | 'maxGpus'
  | 'maxMonthlyCostUsd'
  | 'approvedOnly'
  | 'minQualityScore'
  | 'domains'
  | 'notes'
>;
