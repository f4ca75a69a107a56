import { performance } from 'node:perf_hooks';
import { countTokens } from '../../../kernel/tokenizer.js';
import type { OpenAiTarget as RecipeTarget } from '../recipe.js';

/**
 * One streaming completion against an OpenAI-compatible server, timed per token. It uses Node's
 * global fetch, whose default dispatcher keeps connections alive and has no per-origin connection
 * cap, so hundreds of concurrent streams need no agent of our own. Failures of any kind come back as
 * `{ ok: false }` values; this function does not throw.
 *
 * Times are `performance.now()` milliseconds. Latencies count from the *scheduled* time (open-loop
 * measurement): a request the client sent late because it was busy still pays for that delay.
 *
 * Token timing: each network read that carries content is one arrival. Its tokens are counted with
 * the project tokenizer (`countTokens`, one word = one token; at least 1 for non-empty content).
 * When an arrival carries k > 1 tokens (a server that batches its stream writes, or several SSE
 * events coalesced in one TCP read), its tokens are spread evenly over the gap since the previous
 * arrival, token j at prev + (t - prev)·j/k, because the server produced them over that gap. The
 * first arrival's extra tokens are placed at its own time (nothing earlier to spread over). The mean
 * ITL only depends on the first and last token times, so spreading shapes distributions, not means.
 */

/** `client`: never sent, because the runner already had its limit of requests in flight. */
export type RequestErrorKind = 'http' | 'network' | 'timeout' | 'aborted' | 'stream' | 'client';

export interface StreamingRequest {
  prompt: string;
  maxTokens: number;
  signal?: AbortSignal;
  /** When the request was due (performance.now() ms); defaults to the actual send time. */
  scheduledAt?: number;
  /** Abort after this long (default 300 s). */
  timeoutMs?: number;
}

interface TimingBase {
  scheduledAt: number;
  sentAt: number;
  endAt: number;
  firstTokenAt: number | null;
  /** Arrival time of every output token (spread as described above). */
  tokenTimes: number[];
  /** usage.prompt_tokens when the server reported it. */
  promptTokens: number | null;
  /** usage.completion_tokens when reported, else the tokens counted in the stream. */
  outputTokens: number;
}

export interface RequestSuccess extends TimingBase {
  ok: true;
  firstTokenAt: number;
  ttftMs: number;
  /** Mean gap between consecutive tokens after the first; null with fewer than 2 tokens. */
  itlMs: number | null;
  /** (e2e - ttft) / (outputTokens - 1); null with fewer than 2 tokens. */
  tpotMs: number | null;
  e2eMs: number;
}

export interface RequestFailure extends TimingBase {
  ok: false;
  error: string;
  errorKind: RequestErrorKind;
  /** HTTP status for `http` errors. */
  status?: number;
}

export type RequestTiming = RequestSuccess | RequestFailure;

const DEFAULT_TIMEOUT_MS = 300_000;
/** How long to keep reading after [DONE] for the response to end, so the connection can be reused. */
const AFTER_DONE_MS = 1_000;

function apiBase(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return /\/v\d+$/.test(new URL(base).pathname) ? base : `${base}/v1`;
}

/** The endpoint URL: `/v1` is added unless the base URL's path already ends in a version segment. */
export function endpointUrl(target: Pick<RecipeTarget, 'baseUrl' | 'api'>): string {
  return `${apiBase(target.baseUrl)}${target.api === 'chat' ? '/chat/completions' : '/completions'}`;
}

export function requestBody(
  target: RecipeTarget,
  prompt: string,
  maxTokens: number,
): Record<string, unknown> {
  return {
    model: target.model,
    ...(target.api === 'chat' ? { messages: [{ role: 'user', content: prompt }] } : { prompt }),
    max_tokens: maxTokens,
    stream: true,
    stream_options: { include_usage: true },
    ...(target.ignoreEos ? { ignore_eos: true } : {}),
  };
}

export function requestHeaders(target: RecipeTarget): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'text/event-stream',
    ...(target.apiKey ? { authorization: `Bearer ${target.apiKey}` } : {}),
    ...target.headers,
  };
}

/**
 * One cheap `GET /v1/models` before a run. Node initialises fetch lazily: the first call in a process
 * costs 100–200 ms, which would land in the first measured request's TTFT. This also leaves a
 * keep-alive connection open. Failures are ignored; the run's own requests report them.
 */
export async function warmUpConnection(target: RecipeTarget, timeoutMs = 2_000): Promise<void> {
  const { 'content-type': _contentType, ...headers } = requestHeaders(target);
  try {
    const response = await fetch(`${apiBase(target.baseUrl)}/models`, {
      headers,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
  } catch {
    // nothing listening, a timeout, …: the benchmark requests will say so
  }
}

/**
 * Incremental server-sent-events parser: feed it decoded text as it arrives, get back the `data`
 * payloads of the events completed so far (multi-line data joined with "\n"; comments, `event:` and
 * `id:` lines ignored).
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];

  push(text: string): string[] {
    this.buffer += text;
    const out: string[] = [];
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline).replace(/\r$/, '');
      this.buffer = this.buffer.slice(newline + 1);
      if (line === '') {
        if (this.data.length > 0) out.push(this.data.join('\n'));
        this.data = [];
      } else if (line.startsWith('data:')) {
        this.data.push(line.slice(line[5] === ' ' ? 6 : 5));
      }
    }
    return out;
  }

  /** The payload of a final event the server did not terminate with a blank line. */
  flush(): string[] {
    const rest = this.push('\n\n');
    this.buffer = '';
    return rest;
  }
}

export interface ParsedChunk {
  /** Generated text in this chunk (content, or reasoning content for reasoning models). */
  text: string;
  finishReason: string | null;
  usage: { promptTokens: number | null; completionTokens: number | null } | null;
  error: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Reads one streamed chat or completions chunk (already JSON-parsed). */
export function parseChunk(value: unknown): ParsedChunk {
  const chunk: ParsedChunk = { text: '', finishReason: null, usage: null, error: null };
  if (!isRecord(value)) return { ...chunk, error: 'malformed chunk' };
  if (value.error !== undefined || value.object === 'error') {
    const error = isRecord(value.error) ? value.error.message : (value.error ?? value.message);
    chunk.error = typeof error === 'string' ? error : JSON.stringify(value.error ?? value);
    return chunk;
  }
  if (Array.isArray(value.choices)) {
    for (const choice of value.choices) {
      if (!isRecord(choice)) continue;
      if (typeof choice.text === 'string') chunk.text += choice.text;
      if (isRecord(choice.delta)) {
        const { content, reasoning_content: reasoningContent, reasoning } = choice.delta;
        for (const part of [reasoningContent, reasoning, content])
          if (typeof part === 'string') chunk.text += part;
      }
      if (typeof choice.finish_reason === 'string') chunk.finishReason = choice.finish_reason;
    }
  }
  if (isRecord(value.usage)) {
    chunk.usage = {
      promptTokens: numberOrNull(value.usage.prompt_tokens),
      completionTokens: numberOrNull(value.usage.completion_tokens),
    };
  }
  return chunk;
}

/** Appends the arrival times of `k` tokens that arrived at `at` (see the module comment). */
export function spreadArrival(tokenTimes: number[], previousAt: number | null, at: number, k: number): void {
  for (let j = 1; j <= k; j++) {
    tokenTimes.push(previousAt === null ? at : previousAt + ((at - previousAt) * j) / k);
  }
}

export interface LatencyMetrics {
  ttftMs: number;
  itlMs: number | null;
  tpotMs: number | null;
  e2eMs: number;
}

export function latencyMetrics(timing: {
  scheduledAt: number;
  firstTokenAt: number;
  endAt: number;
  tokenTimes: readonly number[];
  outputTokens: number;
}): LatencyMetrics {
  const ttftMs = timing.firstTokenAt - timing.scheduledAt;
  const e2eMs = timing.endAt - timing.scheduledAt;
  const n = timing.tokenTimes.length;
  const first = timing.tokenTimes[0];
  const last = timing.tokenTimes[n - 1];
  const itlMs = n >= 2 && first !== undefined && last !== undefined ? (last - first) / (n - 1) : null;
  const tpotMs = timing.outputTokens >= 2 ? (e2eMs - ttftMs) / (timing.outputTokens - 1) : null;
  return { ttftMs, itlMs, tpotMs, e2eMs };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (isRecord(cause) && typeof cause.code === 'string') return `${error.message}: ${cause.code}`;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}

export async function sendStreamingRequest(
  target: RecipeTarget,
  request: StreamingRequest,
): Promise<RequestTiming> {
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (request.signal?.aborted) controller.abort();
  else request.signal?.addEventListener('abort', onAbort, { once: true });

  const sentAt = performance.now();
  const scheduledAt = request.scheduledAt ?? sentAt;
  const tokenTimes: number[] = [];
  let firstTokenAt: number | null = null;
  let lastArrival: number | null = null;
  let promptTokens: number | null = null;
  let usageCompletion: number | null = null;

  const fail = (errorKind: RequestErrorKind, error: string, status?: number): RequestFailure => ({
    ok: false,
    errorKind,
    error,
    ...(status === undefined ? {} : { status }),
    scheduledAt,
    sentAt,
    endAt: performance.now(),
    firstTokenAt,
    tokenTimes,
    promptTokens,
    outputTokens: usageCompletion ?? tokenTimes.length,
  });
  const abortKind = (): RequestErrorKind => (timedOut ? 'timeout' : 'aborted');
  const abortMessage = () => (timedOut ? `timed out after ${timeoutMs} ms` : 'aborted');

  try {
    let response: Response;
    try {
      response = await fetch(endpointUrl(target), {
        method: 'POST',
        headers: requestHeaders(target),
        body: JSON.stringify(requestBody(target, request.prompt, request.maxTokens)),
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return fail(abortKind(), abortMessage());
      return fail('network', describeNetworkError(error));
    }
    if (!response.ok || !response.body) {
      const text = await response.text().catch(() => '');
      // Status and length only: echoing the body would let a recipe read any internal HTTP service.
      return fail('http', `HTTP ${response.status} (${text.length} bytes)`, response.status);
    }

    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    let sawDone = false;
    let finishReason: string | null = null;
    let endAt: number | null = null;

    const handle = (payloads: string[], at: number): string | null => {
      let k = 0;
      for (const payload of payloads) {
        if (payload.trim() === '[DONE]') {
          sawDone = true;
          continue;
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(payload);
        } catch {
          return `malformed SSE data (${payload.length} chars)`;
        }
        const chunk = parseChunk(parsed);
        if (chunk.error !== null) return `error event in the stream (${chunk.error.length} chars)`;
        if (chunk.text !== '') k += Math.max(1, countTokens(chunk.text));
        if (chunk.finishReason !== null) finishReason = chunk.finishReason;
        if (chunk.usage) {
          promptTokens = chunk.usage.promptTokens ?? promptTokens;
          usageCompletion = chunk.usage.completionTokens ?? usageCompletion;
        }
      }
      if (k > 0) {
        firstTokenAt ??= at;
        spreadArrival(tokenTimes, lastArrival, at, k);
        lastArrival = at;
      }
      return null;
    };

    try {
      for (;;) {
        const { done, value } = sawDone
          ? await Promise.race([
              reader.read(),
              new Promise<{ done: true; value: undefined }>((resolve) =>
                setTimeout(() => resolve({ done: true, value: undefined }), AFTER_DONE_MS).unref(),
              ),
            ])
          : await reader.read();
        const at = performance.now();
        const payloads = done ? parser.flush() : parser.push(decoder.decode(value, { stream: true }));
        const streamError = handle(payloads, at);
        if (streamError !== null) {
          void reader.cancel().catch(() => undefined);
          return fail('stream', streamError);
        }
        if (sawDone && endAt === null) endAt = at;
        if (done) break;
      }
    } catch (error) {
      if (controller.signal.aborted) return fail(abortKind(), abortMessage());
      return fail('stream', `stream broke: ${describeNetworkError(error)}`);
    }
    // Releases the body if the server kept it open after [DONE] (a no-op once it ended).
    void reader.cancel().catch(() => undefined);

    endAt ??= performance.now();
    if (!sawDone && finishReason === null) return fail('stream', 'stream ended before [DONE]');
    if (firstTokenAt === null) return fail('stream', 'response carried no output tokens');
    const outputTokens = usageCompletion ?? tokenTimes.length;
    return {
      ok: true,
      scheduledAt,
      sentAt,
      endAt,
      firstTokenAt,
      tokenTimes,
      promptTokens,
      outputTokens,
      ...latencyMetrics({ scheduledAt, firstTokenAt, endAt, tokenTimes, outputTokens }),
    };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener('abort', onAbort);
  }
}
