/**
 * Response bodies in the OpenAI format as vLLM writes them: whole responses, SSE chunks
 * (`data: {...}\n\n`, ending with `data: [DONE]`) and error bodies.
 */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ResponseIdentity {
  kind: 'chat' | 'completion';
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

export type FinishReason = 'length' | 'stop';

export function usageOf(promptTokens: number, completionTokens: number): Usage {
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export const SSE_DONE = 'data: [DONE]\n\n';

export interface ChunkWriter {
  /** Chat only: the first chunk, announcing the assistant role (empty string for completions). */
  start(): string;
  token(text: string): string;
  finish(reason: FinishReason): string;
  usage(usage: Usage): string;
}

/** SSE chunk builder for one response; the per-token chunk is two constant strings around the text. */
export function chunkWriter(identity: ResponseIdentity): ChunkWriter {
  const object = identity.kind === 'chat' ? 'chat.completion.chunk' : 'text_completion';
  const head = `data: {"id":${JSON.stringify(identity.id)},"object":"${object}","created":${identity.created},"model":${JSON.stringify(identity.model)},"choices":[{"index":0,`;
  const base = { id: identity.id, object, created: identity.created, model: identity.model };
  const choice = (fields: Record<string, unknown>) => ({ index: 0, ...fields, logprobs: null });
  return {
    start() {
      if (identity.kind !== 'chat') return '';
      return sse({
        ...base,
        choices: [choice({ delta: { role: 'assistant', content: '' }, finish_reason: null })],
      });
    },
    token(text) {
      return identity.kind === 'chat'
        ? `${head}"delta":{"content":${JSON.stringify(text)}},"logprobs":null,"finish_reason":null}]}\n\n`
        : `${head}"text":${JSON.stringify(text)},"logprobs":null,"finish_reason":null,"stop_reason":null}]}\n\n`;
    },
    finish(reason) {
      const fields =
        identity.kind === 'chat'
          ? { delta: {}, finish_reason: reason, stop_reason: null }
          : { text: '', finish_reason: reason, stop_reason: null };
      return sse({ ...base, choices: [choice(fields)] });
    },
    usage(usage) {
      return sse({ ...base, choices: [], usage });
    },
  };
}

/** A non-streaming response (`chat.completion` or `text_completion`) with its usage. */
export function completeResponse(
  identity: ResponseIdentity,
  text: string,
  finishReason: FinishReason,
  usage: Usage,
): Record<string, unknown> {
  const choice =
    identity.kind === 'chat'
      ? { index: 0, message: { role: 'assistant', content: text }, logprobs: null }
      : { index: 0, text, logprobs: null };
  return {
    id: identity.id,
    object: identity.kind === 'chat' ? 'chat.completion' : 'text_completion',
    created: identity.created,
    model: identity.model,
    choices: [{ ...choice, finish_reason: finishReason, stop_reason: null }],
    usage,
  };
}

/** OpenAI's error envelope, with vLLM's type names (BadRequestError, NotFoundError, InternalServerError). */
export function errorBody(
  status: number,
  message: string,
  param: string | null = null,
): { error: { message: string; type: string; param: string | null; code: number } } {
  const type =
    status === 400
      ? 'BadRequestError'
      : status === 404
        ? 'NotFoundError'
        : status === 413
          ? 'RequestEntityTooLarge'
          : 'InternalServerError';
  return { error: { message, type, param, code: status } };
}
