import type { FormattedExecutionResult } from 'graphql';
import { stringifyMessage, MessageType } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiToken, revokeApiToken } from '../../server/domains/auth/tokens.js';
import { sharedTopicCount } from '../../server/graphql/fanout.js';
import type { RunProgressEvent } from '../../server/kernel/events/run-progress.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { waitFor } from '../helpers/ws.js';

/**
 * Issue 14 item 4: over graphql-ws, a run's live progress is executed once per group of equal operations
 * (document, variables, role) and written as pre-encoded frames to every subscriber's socket. What each
 * subscriber receives stays what graphql-ws would send it: the same frames, in order, its own first
 * event, its own end (unsubscribe, revoked token), and the same payload as the per-subscriber path (SSE).
 */

const FULL = `subscription Progress($runId: ID!) {
  benchmarkRunProgress(runId: $runId) { runId phase status completedRequests currentRps message at }
}`;
const SMALL = `subscription($runId: ID!) { benchmarkRunProgress(runId: $runId) { status completedRequests } }`;

interface Frame {
  id?: string;
  type: string;
  payload?: FormattedExecutionResult;
}

/** A graphql-transport-ws client that keeps every frame as received, text and all. */
class RawClient {
  readonly raw: string[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.raw.push(data.toString()));
  }

  static async open(url: string, token: string): Promise<RawClient> {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const client = new RawClient(socket);
    socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
    await waitFor(() => client.frames().some((f) => f.type === 'connection_ack'), 5_000, 'ack');
    return client;
  }

  frames(id?: string): Frame[] {
    return this.raw.map((text) => JSON.parse(text) as Frame).filter((f) => id === undefined || f.id === id);
  }

  /** The `next` frames of one operation, as text. */
  nexts(id: string): string[] {
    return this.raw.filter((text) => {
      const frame = JSON.parse(text) as Frame;
      return frame.id === id && frame.type === 'next';
    });
  }

  subscribe(id: string, query: string, variables: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
  }

  complete(id: string): void {
    this.socket.send(JSON.stringify({ id, type: 'complete' }));
  }

  close(): void {
    this.socket.terminate();
  }
}

function progress(
  runId: number,
  seq: number,
  status: RunProgressEvent['status'] = 'RUNNING',
): RunProgressEvent {
  return {
    runId,
    phase: status === 'RUNNING' ? 'MEASURING' : 'DONE',
    status,
    level: 1,
    levels: 2,
    completedRequests: seq * 10,
    erroredRequests: 0,
    elapsedSeconds: seq,
    currentRps: seq === 2 ? null : 12.5 + seq,
    ttftP95Ms: null,
    itlP95Ms: null,
    e2eP95Ms: null,
    // Text graphql-ws must escape, so a shared frame that skipped it would show.
    message: `step "${seq}" \u2713 \\ done`,
    at: new Date(Date.UTC(2026, 11, 3, 0, 0, seq)).toISOString(),
  };
}

let server: TestServer;
let viewer: { id: number; token: string };
let admin: { token: string };

async function createRun(): Promise<number> {
  const run = await server.clients.api.benchmarkRun.create({
    data: {
      name: 'fan-out test',
      status: 'RUNNING',
      recipe: {},
      targetUrl: 'http://127.0.0.1:9',
      targetModel: 'm',
      profileKind: 'constant',
      promptTokens: 8,
      outputTokens: 8,
      startedAt: new Date(),
      heartbeatAt: new Date(),
    },
  });
  return run.id;
}

beforeAll(async () => {
  server = await startTestServer({ authMode: 'tokens' });
  viewer = await createApiToken(server.clients.api, 'fanout-viewer', 'VIEWER');
  admin = await createApiToken(server.clients.api, 'fanout-admin', 'ADMIN');
}, 120_000);

afterAll(async () => {
  await server?.close();
});

/** The same subscription over server-sent events: the per-subscriber path, for its payloads. */
async function sse(query: string, variables: Record<string, unknown>, token: string) {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${token}`,
    },
    body: JSON.stringify({ query, variables }),
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const reading = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += value;
    }
  })();
  return {
    payloads: () => [...text.matchAll(/^data: (.+)$/gm)].map((m) => m[1]!).filter((d) => d !== '{}'),
    stop: async () => {
      await reader.cancel().catch(() => undefined);
      await reading.catch(() => undefined);
    },
  };
}

describe('progress fan-out over graphql-ws', () => {
  it('sends every subscriber the frames graphql-ws would, grouped by document, variables and role', async () => {
    const runId = await createRun();
    const variables = { runId: String(runId) };
    const a = await RawClient.open(server.wsUrl, viewer.token);
    const b = await RawClient.open(server.wsUrl, viewer.token);
    const c = await RawClient.open(server.wsUrl, admin.token);
    a.subscribe('a1', FULL, variables);
    a.subscribe('a2', SMALL, variables); // a second group on the same socket
    b.subscribe('b1', FULL, variables);
    c.subscribe('c1', FULL, variables); // same document, other role: its own group
    const perSubscriber = await sse(FULL, variables, viewer.token);
    const subscribers: [RawClient, string][] = [
      [a, 'a1'],
      [a, 'a2'],
      [b, 'b1'],
      [c, 'c1'],
    ];
    await waitFor(
      () =>
        subscribers.every(([client, id]) => client.nexts(id).length === 1) &&
        perSubscriber.payloads().length === 1,
      5_000,
      'first events',
    );
    await waitFor(() => sharedTopicCount(server.pubsub) === 1, 5_000, 'everyone joined');

    for (let seq = 1; seq <= 3; seq += 1) {
      server.pubsub.publish('benchmarkRunProgress', String(runId), progress(runId, seq));
    }
    await waitFor(
      () =>
        subscribers.every(([client, id]) => client.nexts(id).length === 4) &&
        perSubscriber.payloads().length === 4,
      5_000,
      'three live events everywhere',
    );

    for (const [client, id] of subscribers) {
      for (const text of client.nexts(id)) {
        // Byte for byte what graphql-ws writes for this id and payload.
        const frame = JSON.parse(text) as Frame;
        expect(text).toBe(stringifyMessage({ id, type: MessageType.Next, payload: frame.payload! }));
      }
    }
    const payloadOf = (text: string) => text.slice(text.indexOf('"payload":') + '"payload":'.length, -1);
    // The live payloads equal the per-subscriber path's (yoga over SSE), and are the same for b1 and c1.
    expect(a.nexts('a1').slice(1).map(payloadOf)).toEqual(perSubscriber.payloads().slice(1));
    expect(b.nexts('b1').slice(1).map(payloadOf)).toEqual(perSubscriber.payloads().slice(1));
    expect(c.nexts('c1').slice(1).map(payloadOf)).toEqual(perSubscriber.payloads().slice(1));
    const small = a.nexts('a2').map((text) => (JSON.parse(text) as Frame).payload!.data);
    expect(small).toEqual([
      { benchmarkRunProgress: { status: 'RUNNING', completedRequests: 0 } },
      { benchmarkRunProgress: { status: 'RUNNING', completedRequests: 10 } },
      { benchmarkRunProgress: { status: 'RUNNING', completedRequests: 20 } },
      { benchmarkRunProgress: { status: 'RUNNING', completedRequests: 30 } },
    ]);
    expect((JSON.parse(a.nexts('a1')[2]!) as Frame).payload!.data).toEqual({
      benchmarkRunProgress: {
        runId: String(runId),
        phase: 'MEASURING',
        status: 'RUNNING',
        completedRequests: 20,
        currentRps: null,
        message: 'step "2" \u2713 \\ done',
        at: '2026-12-03T00:00:02.000Z',
      },
    });

    // One subscriber leaves; the others, its socket's other subscription included, go on.
    a.complete('a1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    server.pubsub.publish('benchmarkRunProgress', String(runId), progress(runId, 4));
    await waitFor(
      () => [b.nexts('b1'), c.nexts('c1'), a.nexts('a2')].every((n) => n.length === 5),
      5_000,
      'event 4',
    );
    expect(a.nexts('a1')).toHaveLength(4);

    // The terminal event reaches everyone, then each gets its complete; the topic is released.
    server.pubsub.publish('benchmarkRunProgress', String(runId), progress(runId, 5, 'SUCCEEDED'));
    await waitFor(
      () => [b, c, a].every((client) => client.frames().filter((f) => f.type === 'complete').length >= 1),
      5_000,
      'completes',
    );
    await waitFor(() => b.frames('b1').at(-1)?.type === 'complete', 5_000, 'b1 complete');
    expect(b.frames('b1').map((f) => f.type)).toEqual([
      'next',
      'next',
      'next',
      'next',
      'next',
      'next',
      'complete',
    ]);
    expect(c.frames('c1').map((f) => f.type)).toEqual([
      'next',
      'next',
      'next',
      'next',
      'next',
      'next',
      'complete',
    ]);
    await waitFor(() => a.frames('a2').at(-1)?.type === 'complete', 5_000, 'a2 complete');
    expect(a.frames('a1').map((f) => f.type)).toEqual(['next', 'next', 'next', 'next']);
    expect(sharedTopicCount(server.pubsub)).toBe(0);
    await perSubscriber.stop();
    for (const client of [a, b, c]) client.close();
  }, 60_000);

  it("ends a revoked token's subscription alone; its group goes on and closes with the socket", async () => {
    const runId = await createRun();
    const variables = { runId: String(runId) };
    const doomed = await createApiToken(server.clients.api, 'fanout-doomed', 'VIEWER');
    const kept = await RawClient.open(server.wsUrl, viewer.token);
    const revoked = await RawClient.open(server.wsUrl, doomed.token);
    kept.subscribe('k', FULL, variables);
    revoked.subscribe('r', FULL, variables);
    await waitFor(() => sharedTopicCount(server.pubsub) === 1, 5_000, 'joined');
    await waitFor(() => kept.nexts('k').length === 1 && revoked.nexts('r').length === 1, 5_000, 'first');
    server.pubsub.publish('benchmarkRunProgress', String(runId), progress(runId, 1));
    await waitFor(() => kept.nexts('k').length === 2 && revoked.nexts('r').length === 2, 5_000, 'event 1');

    await revokeApiToken(server.clients.api, doomed.id);
    await waitFor(() => revoked.frames('r').at(-1)?.type === 'complete', 5_000, 'revoked subscription ended');
    const ending = revoked.frames('r').at(-2)!;
    expect(ending.type).toBe('next');
    expect(ending.payload!.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');

    server.pubsub.publish('benchmarkRunProgress', String(runId), progress(runId, 2));
    await waitFor(() => kept.nexts('k').length === 3, 5_000, 'event 2 to the kept token');
    expect(revoked.nexts('r')).toHaveLength(3); // first, event 1, the ending error
    revoked.close();

    // The last subscriber's socket closing releases the topic.
    kept.close();
    await waitFor(() => sharedTopicCount(server.pubsub) === 0, 5_000, 'topic released');
  }, 60_000);

  it('drops a socket that stops reading instead of buffering its events without bound', async () => {
    const runId = await createRun();
    const stalled = await RawClient.open(server.wsUrl, viewer.token);
    stalled.subscribe('s', FULL, { runId: String(runId) });
    await waitFor(() => sharedTopicCount(server.pubsub) === 1, 5_000, 'joined');
    stalled.socket.pause();
    const event = { ...progress(runId, 1), message: 'x'.repeat(4_000) };
    // 64 MiB of frames at most: far past the kernel's socket buffers and the 2 MiB allowance.
    for (let sent = 0; sent < 16_000 && sharedTopicCount(server.pubsub) === 1; sent += 500) {
      for (let i = 0; i < 500; i += 1) server.pubsub.publish('benchmarkRunProgress', String(runId), event);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => sharedTopicCount(server.pubsub) === 0, 5_000, 'stalled socket dropped');
    stalled.close();
  }, 60_000);
});
