/**
 * The simulator's HTTP face, OpenAI-compatible like `vllm serve`: chat and text completions (JSON or
 * SSE streaming), `/v1/models`, `/health`, `/version`, and `/metrics` with vLLM's metric names.
 *
 * Streaming responses send their headers with the first token, so a request that fails before its
 * first token is a clean HTTP 500; one that fails later is aborted mid-stream (the socket is destroyed
 * without the final chunk and without `[DONE]`).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRng } from '../../server/kernel/rng.js';
import type { EngineClock } from './clock.js';
import { createEngine, type SimulatorEngine } from './engine.js';
import {
  DEFAULT_LATENCY_PARAMS,
  type SimulatorLatencyParams,
} from '../../server/domains/knowledge/core/simulator-latency.js';
import { createSimulatorMetrics, type SimulatorMetrics } from './metrics.js';
import {
  SSE_DONE,
  chunkWriter,
  completeResponse,
  errorBody,
  usageOf,
  type FinishReason,
  type ResponseIdentity,
} from './openai-format.js';
import { parseChatRequest, parseCompletionRequest, type GenerationRequest } from './openai-request.js';
import { syntheticWords } from '../../server/kernel/tokenizer.js';

export interface SimulatorServerOptions {
  /** The model this server pretends to run (vLLM `--model`), e.g. `meta-llama/Llama-3.1-8B-Instruct`. */
  model: string;
  /** Names clients may use (vLLM `--served-model-name`); default `[model]`. The first labels the metrics. */
  servedModelNames?: string[];
  params?: Partial<SimulatorLatencyParams>;
  /** Seeds fault injection, jitter and the synthetic text. */
  seed?: number;
  /** Longest prompt + completion accepted (vLLM `--max-model-len`); default 131072. */
  maxModelLen?: number;
  /** KV cache size in tokens, the denominator of `vllm:kv_cache_usage_perc`; default 524288. */
  kvCacheTokens?: number;
  /** Completion length when a request sets no max_tokens; such completions end with `stop`. Default 256. */
  defaultMaxTokens?: number;
  maxBodyBytes?: number;
  clock?: EngineClock;
}

export interface SimulatorServer {
  server: http.Server;
  engine: SimulatorEngine;
  metrics: SimulatorMetrics;
  /** Starts listening; resolves to the base URL (`http://host:port`). */
  listen(port?: number, host?: string): Promise<string>;
  /**
   * Stops the server. With `drainMs` > 0 it first stops accepting connections and waits up to that
   * long for running and waiting requests to finish; whatever is left is then cut off.
   */
  close(drainMs?: number): Promise<void>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, JSON_HEADERS);
  res.end(JSON.stringify(body));
}

class BodyTooLarge extends Error {}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function createSimulatorServer(options: SimulatorServerOptions): SimulatorServer {
  const servedNames = options.servedModelNames?.length ? options.servedModelNames : [options.model];
  const metricsModelName = servedNames[0] ?? options.model;
  const maxModelLen = options.maxModelLen ?? 131_072;
  const defaultMaxTokens = options.defaultMaxTokens ?? 256;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const seed = options.seed ?? 0;
  const metrics = createSimulatorMetrics(metricsModelName, { kvCacheTokens: options.kvCacheTokens });
  const engine = createEngine(
    { ...DEFAULT_LATENCY_PARAMS, ...options.params },
    { seed, clock: options.clock, observer: metrics.observer },
  );
  metrics.setStateReader(() => engine.state());
  const textSeeds = createRng(seed ^ 0x5bd1e995);
  const startedAt = Math.floor(Date.now() / 1000);

  const generate = (request: GenerationRequest, res: http.ServerResponse): void => {
    if (!servedNames.includes(request.model)) {
      sendJson(res, 404, errorBody(404, `The model \`${request.model}\` does not exist.`, 'model'));
      return;
    }
    const outputTokens = request.maxTokens ?? Math.min(defaultMaxTokens, maxModelLen - request.promptTokens);
    if (request.promptTokens + (request.maxTokens ?? 1) > maxModelLen || outputTokens < 1) {
      const message =
        `This model's maximum context length is ${maxModelLen} tokens. However, you requested ` +
        `${request.promptTokens + (request.maxTokens ?? 0)} tokens (${request.promptTokens} in the messages, ` +
        `${request.maxTokens ?? 0} in the completion). Please reduce the length of the messages or completion.`;
      sendJson(res, 400, errorBody(400, message));
      return;
    }
    const finishReason: FinishReason = request.maxTokens === null ? 'stop' : 'length';
    const identity: ResponseIdentity = {
      kind: request.kind,
      id: `${request.kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${randomUUID().replaceAll('-', '')}`,
      created: Math.floor(Date.now() / 1000),
      model: request.model,
    };
    const words = syntheticWords(outputTokens, textSeeds.int(2 ** 31));
    const usage = usageOf(request.promptTokens, outputTokens);
    const chunks = chunkWriter(identity);
    let settled = false;

    const handle = engine.submit(
      { promptTokens: request.promptTokens, outputTokens, finishReason },
      {
        onToken(index) {
          if (!request.stream || res.destroyed) return;
          if (index === 0) {
            res.writeHead(200, {
              'content-type': 'text/event-stream; charset=utf-8',
              'cache-control': 'no-cache',
            });
            res.write(chunks.start());
          }
          const word = words[index] ?? 'the';
          res.write(chunks.token(index === 0 ? word : ` ${word}`));
        },
        onFinish() {
          settled = true;
          if (!request.stream) {
            sendJson(res, 200, completeResponse(identity, words.join(' '), finishReason, usage));
            return;
          }
          if (res.destroyed) return;
          res.write(chunks.finish(finishReason));
          if (request.includeUsage) res.write(chunks.usage(usage));
          res.end(SSE_DONE);
        },
        onFail(emitted) {
          settled = true;
          if (emitted === 0 || !res.headersSent)
            sendJson(res, 500, errorBody(500, 'simulated engine failure (fault injection)'));
          // Node corks a response's writes until the next tick; destroying now could drop the tokens
          // (even the headers) written earlier in this same engine tick.
          else setImmediate(() => res.destroy());
        },
      },
    );
    res.on('close', () => {
      if (!settled) handle.cancel();
    });
  };

  const route = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    const post = path === '/v1/chat/completions' || path === '/v1/completions';
    const get = ['/health', '/v1/models', '/metrics', '/version'].includes(path);
    if (!post && !get) return sendJson(res, 404, { detail: 'Not Found' });
    if ((post && method !== 'POST') || (get && method !== 'GET' && method !== 'HEAD'))
      return sendJson(res, 405, { detail: 'Method Not Allowed' });

    switch (path) {
      case '/health':
        res.writeHead(200).end();
        return;
      case '/version':
        return sendJson(res, 200, { version: 'compass-simulator' });
      case '/metrics': {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(text);
        return;
      }
      case '/v1/models':
        return sendJson(res, 200, {
          object: 'list',
          data: servedNames.map((id) => ({
            id,
            object: 'model',
            created: startedAt,
            owned_by: 'vllm',
            root: options.model,
            parent: null,
            max_model_len: maxModelLen,
          })),
        });
    }

    let raw: string;
    try {
      raw = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, errorBody(413, `request body larger than ${maxBodyBytes} bytes`));
      }
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'unparseable';
      return sendJson(res, 400, errorBody(400, `invalid JSON body: ${reason}`));
    }
    const parsed = path === '/v1/chat/completions' ? parseChatRequest(body) : parseCompletionRequest(body);
    if (!parsed.ok) return sendJson(res, 400, errorBody(400, parsed.message, parsed.param));
    generate(parsed.request, res);
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, errorBody(500, 'internal simulator error'));
      else res.destroy();
    });
  });

  const waitForIdle = async (deadline: number): Promise<void> => {
    while (Date.now() < deadline) {
      const state = engine.state();
      if (state.running === 0 && state.waiting === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  return {
    server,
    engine,
    metrics,
    listen(port = 0, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve(`http://${shownHost}:${address.port}`);
        });
      });
    },
    async close(drainMs = 0) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (drainMs > 0) await waitForIdle(Date.now() + drainMs);
      engine.stop();
      server.closeAllConnections();
      await closed;
    },
  };
}
