export type { Priority } from '../../kernel/enums.js';
import type { Priority } from '../../kernel/enums.js';

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
