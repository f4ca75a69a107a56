import { randomUUID } from 'node:crypto';
import { answerToIntent, intentJsonSchema, intentSystemPrompt, LlmIntentAnswerSchema } from './llm-schema.js';
import type { ExtractedIntent, ExtractionContext, LlmCallRecord } from './types.js';

export type { LlmCallRecord } from './types.js';

export interface LlmExtractOptions {
  /** OpenAI-compatible server root, e.g. http://localhost:11434 (a trailing /v1 is tolerated). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** Covers the whole exchange, including the json_object retry. */
  timeoutMs: number;
  /** Called exactly once per extraction, whatever happened. */
  recordCall: (call: LlmCallRecord) => Promise<void>;
  fetchImpl?: typeof fetch;
  correlationId?: string;
  /** USD per million tokens, for `costUsd`; 0 when not given (self-hosted). */
  priceInputPerMillionUsd?: number;
  priceOutputPerMillionUsd?: number;
  maxTokens?: number;
}

export interface LlmExtraction {
  intent: ExtractedIntent | null;
  call: LlmCallRecord;
}

type ResponseFormat = 'json_schema' | 'json_object';

function endpointOf(baseUrl: string): string {
  const root = baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${root}/v1/chat/completions`;
}

function requestBody(
  model: string,
  system: string,
  text: string,
  format: ResponseFormat,
  maxTokens: number,
): string {
  return JSON.stringify({
    model,
    messages: [
      { role: 'system', content: system },
      { role: 'user', content: text },
    ],
    temperature: 0,
    max_tokens: maxTokens,
    stream: false,
    response_format:
      format === 'json_schema'
        ? {
            type: 'json_schema',
            json_schema: { name: 'extracted_intent', strict: true, schema: intentJsonSchema() },
          }
        : { type: 'json_object' },
  });
}

interface CompletionFields {
  content: string | null;
  finishReason: string | null;
  model: string | null;
  tokensInput: number;
  tokensOutput: number;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function count(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : 0;
}

/** The parts of an OpenAI chat-completion body we use; tolerant of missing pieces. */
function completionFields(body: unknown): CompletionFields {
  const root = isRecord(body) ? body : {};
  const choice = Array.isArray(root.choices) && isRecord(root.choices[0]) ? root.choices[0] : {};
  const message = isRecord(choice.message) ? choice.message : {};
  const usage = isRecord(root.usage) ? root.usage : {};
  return {
    content: typeof message.content === 'string' ? message.content : null,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    model: typeof root.model === 'string' ? root.model : null,
    tokensInput: count(usage.prompt_tokens),
    tokensOutput: count(usage.completion_tokens),
  };
}

/** Models sometimes wrap JSON in a Markdown fence even when asked not to. */
function stripFence(content: string): string {
  const m = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/i.exec(content);
  return m?.[1] ?? content.trim();
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Ask an OpenAI-compatible endpoint for the intent as JSON (response_format json_schema; on a 400/422,
 * which servers without schema support send, once more with json_object). Any failure — timeout,
 * HTTP error, invalid JSON, an answer the schema rejects — gives `intent: null`; the caller keeps the
 * rules' answer. The call is recorded exactly once.
 */
export async function extractWithLlm(
  text: string,
  ctx: ExtractionContext,
  options: LlmExtractOptions,
): Promise<LlmExtraction> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const endpoint = endpointOf(options.baseUrl);
  const system = intentSystemPrompt(ctx);
  const promptText = `[system]\n${system}\n\n[user]\n${text}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  let fields: CompletionFields = {
    content: null,
    finishReason: null,
    model: null,
    tokensInput: 0,
    tokensOutput: 0,
  };
  let responseText = '';
  let intent: ExtractedIntent | null = null;
  let error: string | null = null;
  try {
    const post = (format: ResponseFormat) =>
      fetchImpl(endpoint, {
        method: 'POST',
        headers,
        body: requestBody(options.model, system, text, format, options.maxTokens ?? 1024),
        signal: controller.signal,
      });
    let response = await post('json_schema');
    if (response.status === 400 || response.status === 422) {
      await response.text();
      response = await post('json_object');
    }
    const raw = await response.text();
    responseText = raw;
    if (!response.ok) throw new Error(`HTTP ${response.status}: ${raw.slice(0, 300)}`);
    fields = completionFields(JSON.parse(raw) as unknown);
    if (fields.content === null) throw new Error('the response has no message content');
    responseText = fields.content;
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripFence(fields.content));
    } catch {
      throw new Error(
        `the answer is not JSON${fields.finishReason === 'length' ? ' (truncated at max_tokens)' : ''}`,
      );
    }
    const answer = LlmIntentAnswerSchema.safeParse(parsed);
    if (!answer.success) {
      const issue = answer.error.issues[0];
      throw new Error(
        `the answer does not match the schema: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}`,
      );
    }
    intent = answerToIntent(answer.data, ctx);
  } catch (caught) {
    error = controller.signal.aborted ? `timeout after ${options.timeoutMs} ms` : describe(caught);
  } finally {
    clearTimeout(timer);
  }

  const call: LlmCallRecord = {
    correlationId: options.correlationId ?? randomUUID(),
    purpose: 'intent',
    modelUsed: fields.model ?? options.model,
    endpoint,
    tokensInput: fields.tokensInput,
    tokensOutput: fields.tokensOutput,
    latencyMs: Math.round((performance.now() - started) * 10) / 10,
    costUsd:
      (fields.tokensInput * (options.priceInputPerMillionUsd ?? 0) +
        fields.tokensOutput * (options.priceOutputPerMillionUsd ?? 0)) /
      1e6,
    finishReason: fields.finishReason,
    truncated: fields.finishReason === 'length',
    outputValid: intent !== null,
    error,
    promptLength: promptText.length,
    responseLength: responseText.length,
    promptText,
    responseText,
  };
  try {
    await options.recordCall(call);
  } catch {
    // Recording is best effort: a broken call log must not break extraction.
  }
  return { intent, call };
}
