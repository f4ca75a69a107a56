import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { countTokens } from '../../../kernel/tokenizer.js';
import type { OpenAiTarget as RecipeTarget } from '../recipe.js';

/**
 * One streaming completion against an OpenAI-compatible server, timed per token, over node:http(s)
 * with a keep-alive agent and no per-origin connection cap, so hundreds of concurrent streams reuse
 * their connections. Failures of any kind come back as `{ ok: false }` values; this function does
 * not throw.
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
 * One cheap `GET /v1/models` before a run: it opens a keep-alive connection, so the first measured
 * request does not pay for the connect. Failures are ignored; the run's own requests report them.
 */
export function warmUpConnection(target: RecipeTarget, timeoutMs = 2_000): Promise<void> {
  const { transport, options, headers } = prepareTarget(target);
  const { 'content-type': _contentType, ...rest } = headers;
  return new Promise<void>((resolve) => {
    const req = transport.request(
      {
        ...options,
        method: 'GET',
        path: `${new URL(apiBase(target.baseUrl)).pathname}/models`,
        headers: rest,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    // nothing listening, a timeout, …: the benchmark requests will say so
    req.on('error', () => resolve());
    req.end();
  });
}

/**
 * Incremental server-sent-events parser: feed it decoded text as it arrives, get the `data` payloads
 * of the events completed so far (multi-line data joined with "\n"; comments, `event:` and `id:`
 * lines ignored). One scan per text: only an unfinished last line is kept for the next.
 */
export class SseParser {
  private rest = '';
  private data: string | null = null;

  /** Calls `onPayload` with each event completed by `text`. */
  feed(text: string, onPayload: (payload: string) => void): void {
    const input = this.rest === '' ? text : this.rest + text;
    let start = 0;
    for (;;) {
      const newline = input.indexOf('\n', start);
      if (newline < 0) break;
      const end = newline > start && input.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      if (end === start) {
        if (this.data !== null) onPayload(this.data);
        this.data = null;
      } else if (input.startsWith('data:', start)) {
        const line = input.slice(start + (input.charCodeAt(start + 5) === 32 ? 6 : 5), end);
        this.data = this.data === null ? line : `${this.data}\n${line}`;
      }
      start = newline + 1;
    }
    this.rest = start === 0 ? input : input.slice(start);
  }

  /** The payload of a final event the server did not terminate with a blank line. */
  finish(onPayload: (payload: string) => void): void {
    this.feed('\n\n', onPayload);
    this.rest = '';
  }

  push(text: string): string[] {
    const out: string[] = [];
    this.feed(text, (payload) => out.push(payload));
    return out;
  }

  flush(): string[] {
    const out: string[] = [];
    this.finish((payload) => out.push(payload));
    return out;
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
  // node:http errors carry their errno code (ECONNREFUSED, ECONNRESET, …); the message adds the address.
  if ('code' in error && typeof error.code === 'string') return error.code;
  const cause: unknown = error.cause;
  if (isRecord(cause) && typeof cause.code === 'string') return `${error.message}: ${cause.code}`;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}

/** Keep-alive agents without a per-origin cap: hundreds of concurrent streams, connections reused. */
const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: 'lifo' }),
};

/** What every request to one target shares, built once per target object. */
interface PreparedTarget {
  transport: typeof http | typeof https;
  options: http.RequestOptions;
  headers: Record<string, string>;
  /** The JSON body around the prompt and max_tokens (see encodeRequestBody). */
  head: string;
  middle: string;
  tail: string;
}

const prepared = new WeakMap<RecipeTarget, PreparedTarget>();

function prepareTarget(target: RecipeTarget): PreparedTarget {
  const known = prepared.get(target);
  if (known) return known;
  const url = new URL(endpointUrl(target));
  const secure = url.protocol === 'https:';
  const chat = target.api === 'chat';
  const made: PreparedTarget = {
    transport: secure ? https : http,
    options: {
      method: 'POST',
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      agent: secure ? AGENTS['https:'] : AGENTS['http:'],
    },
    headers: requestHeaders(target),
    head: `{"model":${JSON.stringify(target.model)},${chat ? '"messages":[{"role":"user","content":' : '"prompt":'}`,
    middle: `${chat ? '}]' : ''},"max_tokens":`,
    tail: `,"stream":true,"stream_options":{"include_usage":true}${target.ignoreEos ? ',"ignore_eos":true' : ''}}`,
  };
  prepared.set(target, made);
  return made;
}

/**
 * `JSON.stringify(requestBody(target, prompt, maxTokens))`, byte for byte, from a template built once
 * per target: only the prompt is serialized per request.
 */
export function encodeRequestBody(target: RecipeTarget, prompt: string, maxTokens: number): string {
  const { head, middle, tail } = prepareTarget(target);
  return `${head}${JSON.stringify(prompt)}${middle}${maxTokens}${tail}`;
}

/**
 * One listener per abort signal, whatever the number of requests watching it: EventTarget's
 * addEventListener scans its listeners for a duplicate, so a level with thousands of requests in
 * flight, each adding its own, paid for the scan on every send.
 */
const abortWatchers = new WeakMap<AbortSignal, Set<() => void>>();

function watchAbort(signal: AbortSignal, onAbort: () => void): () => void {
  let watchers = abortWatchers.get(signal);
  if (!watchers) {
    const set = new Set<() => void>();
    watchers = set;
    abortWatchers.set(signal, set);
    signal.addEventListener(
      'abort',
      () => {
        for (const watcher of [...set]) watcher();
        set.clear();
      },
      { once: true },
    );
  }
  watchers.add(onAbort);
  const set = watchers;
  return () => set.delete(onAbort);
}

/**
 * Streams one completion over node:http (a keep-alive agent per protocol; fetch and its web streams
 * cost several times the CPU per request). One pass per network read: the text is scanned for SSE
 * events once, each `data:` payload parsed as JSON, and only token times are kept.
 */
export function sendStreamingRequest(
  target: RecipeTarget,
  request: StreamingRequest,
): Promise<RequestTiming> {
  const sentAt = performance.now();
  const scheduledAt = request.scheduledAt ?? sentAt;
  const tokenTimes: number[] = [];
  let firstTokenAt: number | null = null;
  let lastArrival: number | null = null;
  let promptTokens: number | null = null;
  let usageCompletion: number | null = null;
  let sawDone = false;
  let finishReason: string | null = null;
  let endAt: number | null = null;
  let streamError: string | null = null;

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

  // Tokens of the current network read; see the module comment.
  let arrivalTokens = 0;
  const onPayload = (payload: string): void => {
    if (streamError !== null) return;
    if (payload.trim() === '[DONE]') {
      sawDone = true;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      streamError = `malformed SSE data (${payload.length} chars)`;
      return;
    }
    const chunk = parseChunk(parsed);
    if (chunk.error !== null) {
      streamError = `error event in the stream (${chunk.error.length} chars)`;
      return;
    }
    if (chunk.text !== '') arrivalTokens += Math.max(1, countTokens(chunk.text));
    if (chunk.finishReason !== null) finishReason = chunk.finishReason;
    if (chunk.usage) {
      promptTokens = chunk.usage.promptTokens ?? promptTokens;
      usageCompletion = chunk.usage.completionTokens ?? usageCompletion;
    }
  };
  const arrival = (at: number): void => {
    if (arrivalTokens === 0) return;
    firstTokenAt ??= at;
    spreadArrival(tokenTimes, lastArrival, at, arrivalTokens);
    lastArrival = at;
    arrivalTokens = 0;
  };
  const succeed = (): RequestTiming => {
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
  };

  return new Promise<RequestTiming>((resolve) => {
    const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let settled = false;
    let responded = false;
    let cause: 'timeout' | 'aborted' | null = null;
    let afterDone: NodeJS.Timeout | null = null;
    let unwatch: (() => void) | null = null;
    let outgoing: http.ClientRequest | null = null;
    const settle = (timing: RequestTiming): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (afterDone) clearTimeout(afterDone);
      unwatch?.();
      resolve(timing);
    };
    const stop = (why: 'timeout' | 'aborted'): void => {
      if (settled) return;
      cause = why;
      settle(fail(why, why === 'timeout' ? `timed out after ${timeoutMs} ms` : 'aborted'));
      outgoing?.destroy();
    };
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    if (request.signal?.aborted) {
      stop('aborted');
      return;
    }
    if (request.signal) unwatch = watchAbort(request.signal, () => stop('aborted'));

    const prep = prepareTarget(target);
    const body = encodeRequestBody(target, request.prompt, request.maxTokens);
    const headers = { ...prep.headers, 'content-length': String(Buffer.byteLength(body)) };
    const req = prep.transport.request({ ...prep.options, headers }, (res) => {
      responded = true;
      res.setEncoding('utf8');
      const status = res.statusCode ?? 0;
      if (status < 200 || status > 299) {
        let length = 0;
        res.on('data', (text: string) => (length += text.length));
        // Status and length only: echoing the body would let a recipe read any internal HTTP service.
        res.on('end', () => settle(fail('http', `HTTP ${status} (${length} bytes)`, status)));
        res.on('error', () => settle(fail('http', `HTTP ${status} (${length} bytes)`, status)));
        return;
      }
      const parser = new SseParser();
      res.on('data', (text: string) => {
        const at = performance.now();
        parser.feed(text, onPayload);
        if (streamError !== null) {
          settle(fail('stream', streamError));
          req.destroy();
          return;
        }
        arrival(at);
        if (sawDone && endAt === null) {
          endAt = at;
          // The response should end right after [DONE]; one that stays open is dropped (its connection too).
          afterDone = setTimeout(() => {
            settle(succeed());
            req.destroy();
          }, AFTER_DONE_MS);
        }
      });
      res.on('end', () => {
        const at = performance.now();
        parser.finish(onPayload);
        if (streamError !== null) return settle(fail('stream', streamError));
        arrival(at);
        if (sawDone) endAt ??= at;
        settle(succeed());
      });
      res.on('error', (error) => {
        if (cause) return;
        settle(fail('stream', `stream broke: ${describeNetworkError(error)}`));
      });
      res.on('close', () => {
        if (!res.complete && !cause) settle(fail('stream', 'stream broke: connection closed'));
      });
    });
    outgoing = req;
    req.on('error', (error) => {
      if (cause || settled) return;
      settle(
        responded
          ? fail('stream', `stream broke: ${describeNetworkError(error)}`)
          : fail('network', `connection failed: ${describeNetworkError(error)}`),
      );
    });
    req.end(body);
  });
}
