/**
 * Parsing of OpenAI-compatible request bodies (`/v1/chat/completions`, `/v1/completions`) into what
 * the engine needs. Sampling options (temperature, top_p, stop, seed, …) are accepted and ignored:
 * the simulator's output is synthetic text whose length is all that matters.
 */
import { z } from 'zod';
import { countTokens } from '../../server/kernel/tokenizer.js';

export interface GenerationRequest {
  kind: 'chat' | 'completion';
  model: string;
  promptTokens: number;
  /** `max_completion_tokens` ?? `max_tokens`; null when the client set neither. */
  maxTokens: number | null;
  stream: boolean;
  includeUsage: boolean;
  /** vLLM's `ignore_eos`; accepted for compatibility (the simulator never stops before max_tokens). */
  ignoreEos: boolean;
}

export type ParseResult =
  { ok: true; request: GenerationRequest } | { ok: false; message: string; param: string | null };

const maxTokensField = z.number().int().min(1, 'must be at least 1').nullish();

const common = {
  model: z.string().min(1),
  max_tokens: maxTokensField,
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  ignore_eos: z.boolean().nullish(),
  n: z.number().int().min(1).max(1, 'n > 1 is not supported by the simulator').nullish(),
};

const contentPart = z.object({ type: z.string(), text: z.string().optional() });

const chatSchema = z.object({
  ...common,
  max_completion_tokens: maxTokensField,
  messages: z
    .array(
      z.object({
        role: z.string().min(1),
        content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
      }),
    )
    .min(1, 'at least one message is required'),
});

const completionSchema = z.object({
  ...common,
  prompt: z
    .union(
      [
        z.string(),
        z.array(z.string()),
        z.array(z.number().int().min(0)).min(1),
        z.array(z.array(z.number().int().min(0))),
      ],
      { error: 'must be a string, token ids, or a list of them' },
    )
    .refine(
      (prompt) => typeof prompt === 'string' || typeof prompt[0] === 'number' || prompt.length === 1,
      'the simulator takes one prompt per request',
    ),
});

type Parsed<S extends z.ZodType> =
  { ok: true; data: z.infer<S> } | { ok: false; message: string; param: string | null };

function parseWith<S extends z.ZodType>(schema: S, body: unknown): Parsed<S> {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, message: 'the request body must be a JSON object', param: null };
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, data: result.data };
  const issue = result.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  const message = issue ? `${param ?? 'body'}: ${issue.message}` : 'invalid request';
  return { ok: false, message, param };
}

function streamingFields(data: {
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean | null } | null;
}): { stream: boolean; includeUsage: boolean } | { error: string } {
  const stream = data.stream === true;
  if (!stream && data.stream_options) return { error: 'stream_options: only allowed when stream is true' };
  return { stream, includeUsage: stream && data.stream_options?.include_usage === true };
}

export function parseChatRequest(body: unknown): ParseResult {
  const parsed = parseWith(chatSchema, body);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  const streaming = streamingFields(data);
  if ('error' in streaming) return { ok: false, message: streaming.error, param: 'stream_options' };
  let promptTokens = 0;
  for (const message of data.messages) {
    if (typeof message.content === 'string') promptTokens += countTokens(message.content);
    else if (Array.isArray(message.content))
      for (const part of message.content)
        if (part.type === 'text') promptTokens += countTokens(part.text ?? '');
  }
  return {
    ok: true,
    request: {
      kind: 'chat',
      model: data.model,
      promptTokens,
      maxTokens: data.max_completion_tokens ?? data.max_tokens ?? null,
      ...streaming,
      ignoreEos: data.ignore_eos === true,
    },
  };
}

function promptTokenCount(prompt: string | string[] | number[] | number[][]): number {
  if (typeof prompt === 'string') return countTokens(prompt);
  const first = prompt[0];
  if (typeof first === 'string') return countTokens(first);
  if (Array.isArray(first)) return first.length; // one prompt as token ids, wrapped in a list
  return prompt.length; // token ids
}

export function parseCompletionRequest(body: unknown): ParseResult {
  const parsed = parseWith(completionSchema, body);
  if (!parsed.ok) return parsed;
  const data = parsed.data;
  const streaming = streamingFields(data);
  if ('error' in streaming) return { ok: false, message: streaming.error, param: 'stream_options' };
  return {
    ok: true,
    request: {
      kind: 'completion',
      model: data.model,
      promptTokens: promptTokenCount(data.prompt),
      maxTokens: data.max_tokens ?? null,
      ...streaming,
      ignoreEos: data.ignore_eos === true,
    },
  };
}
