/** One LLM call as an extractor reports it to the call log (docs/intent.md, the call log). */
export interface LlmCallRecord {
  correlationId: string;
  /** What the call was for, e.g. `intent`. */
  purpose: string;
  tier?: string | null;
  modelUsed: string;
  endpoint: string;
  tokensInput: number;
  tokensOutput: number;
  latencyMs: number;
  costUsd: number;
  finishReason: string | null;
  truncated: boolean;
  outputValid: boolean;
  error: string | null;
  promptLength: number;
  responseLength: number;
  promptText: string;
  responseText: string;
}
