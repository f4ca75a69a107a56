import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';
import { collect, waitFor, wsClient } from '../helpers/ws.js';

/**
 * Fault: 200 graphql-ws clients holding live subscriptions vanish without a close frame (their TCP
 * sockets reset, as when a laptop sleeps or a proxy drops them). The server must notice, end every
 * one of those subscriptions (the active-subscriptions gauge returns to where it was), and keep
 * serving queries and new subscriptions.
 */

const CLIENTS = 200;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ metrics: true });
});

afterAll(async () => {
  await server?.close();
});

async function activeSubscriptions(): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('compass_graphql_active_subscriptions '));
  return Number(line?.split(' ')[1] ?? NaN);
}

/** A bare graphql-ws client: init, subscribe to the heartbeat, resolve at its first `next` frame. */
function subscribedSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(server.wsUrl, 'graphql-transport-ws');
    socket.once('error', reject);
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: 'subscription { time(intervalMs: 100) }' },
          }),
        );
      } else if (message.type === 'next') {
        socket.removeAllListeners('message');
        resolve(socket);
      }
    });
  });
}

describe('fault: clients vanish without closing', () => {
  it('ends all 200 of their subscriptions and keeps serving', async () => {
    const before = await activeSubscriptions();
    const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => subscribedSocket()));
    expect(await activeSubscriptions()).toBe(before + CLIENTS);

    // terminate(): destroy the TCP socket, no close frame; the server only sees the connection reset.
    for (const socket of sockets) socket.terminate();
    const deadline = Date.now() + 15_000;
    let active = await activeSubscriptions();
    while (active !== before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      active = await activeSubscriptions();
    }
    expect(active).toBe(before);

    const query = await gql<{ trafficProfiles: { name: string }[] }>(server, '{ trafficProfiles { name } }');
    expect(query.errors).toBeUndefined();
    expect(query.data!.trafficProfiles.length).toBeGreaterThan(0);
    const client = wsClient(server.wsUrl);
    const ticks = collect<{ time: string }>(client, 'subscription { time(intervalMs: 100) }');
    await waitFor(() => ticks.values.length >= 2, 5_000, 'two heartbeats on a new subscription');
    await client.dispose();
  });
});
