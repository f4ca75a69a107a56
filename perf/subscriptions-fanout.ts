// Subscription fan-out: N graphql-ws clients (in this process) subscribed to one run's progress on a
// Compass server in its own process; progress events published at 10/s through the same channel a
// benchmark worker uses (the event bus over PostgreSQL NOTIFY, or Redis with REDIS_URL). Prints
// delivery latency (publish → client) p50/p99, delivery ratio, and server and client CPU/memory.
// Each count runs twice, alternating: on a server with the shared fan-out (the default) and on one where
// every subscriber runs its own stream (COMPASS_WS_FANOUT=off, the code before it), the peer.
// `npm run bench:fanout`  (CLIENTS=100,500,1000,2000 DURATION=5 RATE=10 to change the run; PEER=0 skips the
// per-subscriber peer; PROFILE=1 writes a --cpu-prof of the servers to results/profiles/; CLIENT=graphql-ws
// uses graphql-ws's own client instead of the cheap one)
// The default client is one raw `ws` socket per subscriber speaking graphql-transport-ws itself
// (connection_init → ack → subscribe; next / complete): it checks each subscriber's first event in full and
// reads only the id, type and send time of the live ones, so the receiving side costs a few µs per event and
// does not starve on a loaded box; the table prints the clients' CPU beside the server's.
import path from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import type { RunProgressEvent } from '../server/kernel/events/run-progress.js';
import { createEventBus } from '../server/kernel/events/pubsub.js';
import {
  benchPostgres,
  heading,
  loadAverageLine,
  machineLine,
  processUsage,
  scratchDatabase,
  startCompassProcess,
  table,
  timingsSummary,
  verdict,
  type CompassProcess,
} from './support.js';

const CLIENTS = (process.env.CLIENTS ?? '100,500,1000,2000').split(',').map(Number);
const SECONDS = Number(process.env.DURATION ?? 5);
const RATE = Number(process.env.RATE ?? 10);
const CONNECT_BATCH = 100;
// PEER=0 measures the fan-out alone (half the time).
const MODES: Mode[] = process.env.PEER === '0' ? ['fan-out'] : ['per-subscriber', 'fan-out'];

const SUBSCRIPTION = `subscription Progress($runId: ID!) {
  benchmarkRunProgress(runId: $runId) {
    runId phase status level levels completedRequests erroredRequests elapsedSeconds currentRps
    ttftP95Ms itlP95Ms e2eP95Ms message at
  }
}`;

interface Subscriber {
  client: Pick<Client, 'dispose'>;
  latencies: number[];
  ready: Promise<void>;
  stop(): void;
}

const now = () => performance.timeOrigin + performance.now();

type Mode = 'per-subscriber' | 'fan-out';
const CLIENT = process.env.CLIENT === 'graphql-ws' ? 'graphql-ws' : 'raw ws';

/** Where the send time sits in a live frame: the event's message is JSON inside the JSON frame. */
const SENT_AT = '\\"sentAt\\":';

/**
 * One subscriber on its own socket, graphql-transport-ws by hand. The first `next` (the run's current
 * state) is parsed and checked whole; a live one must be a `next` of this operation carrying a send time,
 * which is read with one indexOf and one parseFloat.
 */
function rawSubscribe(url: string, runId: number, errors: unknown[]): Subscriber {
  const socket = new WebSocket(url, 'graphql-transport-ws', {
    perMessageDeflate: false,
    skipUTF8Validation: true,
  });
  const latencies: number[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  let first = true;
  const fail = (error: unknown) => {
    errors.push(error);
    markReady();
  };
  const head = '{"id":"1","type":"next","payload":';
  socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} })));
  socket.on('error', fail);
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    if (first) {
      const message = JSON.parse(text) as {
        type: string;
        payload?: { data?: { benchmarkRunProgress?: RunProgressEvent }; errors?: unknown[] };
      };
      if (message.type === 'connection_ack') {
        socket.send(
          JSON.stringify({
            id: '1',
            type: 'subscribe',
            payload: { query: SUBSCRIPTION, variables: { runId: String(runId) } },
          }),
        );
        return;
      }
      first = false;
      if (
        message.type !== 'next' ||
        String(message.payload?.data?.benchmarkRunProgress?.runId) !== String(runId)
      ) {
        fail(new Error(`unexpected first frame: ${text.slice(0, 300)}`));
        return;
      }
      markReady();
      return;
    }
    if (text.startsWith('{"type":"ping"')) {
      socket.send('{"type":"pong"}');
      return;
    }
    const at = text.indexOf(SENT_AT);
    if (!text.startsWith(head) || at < 0) {
      if (!text.startsWith('{"id":"1","type":"complete"'))
        fail(new Error(`unexpected frame: ${text.slice(0, 300)}`));
      return;
    }
    latencies.push(now() - Number.parseFloat(text.slice(at + SENT_AT.length, at + SENT_AT.length + 24)));
  });
  const stop = () => {
    if (socket.readyState === WebSocket.OPEN) socket.send('{"id":"1","type":"complete"}');
  };
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const client = {
    dispose: async () => {
      socket.close(1000);
      await closed;
    },
  };
  return { client, latencies, ready, stop };
}

function subscribe(url: string, runId: number, errors: unknown[]): Subscriber {
  if (CLIENT === 'raw ws') return rawSubscribe(url, runId, errors);
  const client = createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
  const latencies: number[] = [];
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const stop = client.subscribe<{ benchmarkRunProgress: RunProgressEvent }>(
    { query: SUBSCRIPTION, variables: { runId: String(runId) } },
    {
      next: (value) => {
        const message = value.data?.benchmarkRunProgress.message;
        markReady(); // the first event is the run's current state
        if (!message?.startsWith('{')) return;
        latencies.push(now() - (JSON.parse(message) as { sentAt: number }).sentAt);
      },
      error: (error) => {
        errors.push(error);
        markReady();
      },
      complete: () => markReady(),
    },
  );
  return { client, latencies, ready, stop };
}

/** One measurement: `count` subscribers on `server`, RATE events/s for SECONDS, published on `bus`. */
async function measure(
  server: CompassProcess,
  bus: Awaited<ReturnType<typeof createEventBus>>,
  runId: number,
  count: number,
): Promise<{ row: Record<string, string | number>; p99: number }> {
  const errors: unknown[] = [];
  const subscribers: Subscriber[] = [];
  const connectStarted = performance.now();
  for (let i = 0; i < count; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, count - i) }, () =>
      subscribe(server.wsUrl, runId, errors),
    );
    subscribers.push(...batch);
    await Promise.all(batch.map((s) => s.ready));
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  if (errors.length > 0) throw new Error(`subscriptions failed: ${String(errors[0])}`);
  await new Promise((resolve) => setTimeout(resolve, 500));

  const events = Math.round(SECONDS * RATE);
  const serverBefore = processUsage(server.child.pid!);
  const clientBefore = process.cpuUsage();
  const windowStarted = performance.now();
  for (let seq = 0; seq < events; seq += 1) {
    const due = windowStarted + (seq * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const event: RunProgressEvent = {
      runId,
      phase: 'MEASURING',
      status: 'RUNNING',
      level: 1,
      levels: 4,
      completedRequests: seq * 10,
      erroredRequests: 0,
      elapsedSeconds: seq / RATE,
      currentRps: 42.5,
      ttftP95Ms: 120.5,
      itlP95Ms: 18.25,
      e2eP95Ms: 4800,
      message: JSON.stringify({ seq, sentAt: now() }),
      at: new Date().toISOString(),
    };
    bus.pubsub.publish('benchmarkRunProgress', String(runId), event);
  }
  // Let the last events arrive (or not) before counting.
  const expected = events * count;
  const deadline = performance.now() + 5_000;
  const delivered = () => subscribers.reduce((s, sub) => s + sub.latencies.length, 0);
  while (delivered() < expected && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const windowSeconds = (performance.now() - windowStarted) / 1000;
  const serverAfter = processUsage(server.child.pid!);
  const clientCpu = process.cpuUsage(clientBefore);
  const latencies = subscribers.flatMap((s) => s.latencies);
  const summary = timingsSummary(latencies);
  const serverCpuSeconds = serverAfter.cpuSeconds - serverBefore.cpuSeconds;
  const clientCpuSeconds = (clientCpu.user + clientCpu.system) / 1e6;
  for (const s of subscribers) s.stop();
  await Promise.all(subscribers.map((s) => s.client.dispose()));
  await new Promise((resolve) => setTimeout(resolve, 500));
  return {
    p99: summary.p99,
    row: {
      clients: count,
      delivered: `${latencies.length}/${expected}`,
      'p50 ms': summary.p50,
      'p99 ms': summary.p99,
      'max ms': latencies.length > 0 ? Math.max(...latencies) : Number.NaN,
      'server CPU %': (100 * serverCpuSeconds) / windowSeconds,
      'server µs/event': (1e6 * serverCpuSeconds) / Math.max(1, latencies.length),
      'server RSS MiB': serverAfter.rssMb,
      'clients CPU %': (100 * clientCpuSeconds) / windowSeconds,
      'clients µs/event': (1e6 * clientCpuSeconds) / Math.max(1, latencies.length),
      'connect s': connectSeconds,
    },
  };
}

const started = performance.now();
const postgres = await benchPostgres();
const database = await scratchDatabase(postgres, { seed: false });
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
const servers = new Map<Mode, CompassProcess>();
const bus = await createEventBus({
  redisUrl: process.env.REDIS_URL ?? null,
  pool,
  databaseUrl: database.url,
});
try {
  for (const mode of MODES) {
    servers.set(
      mode,
      await startCompassProcess(
        {
          DATABASE_URL: database.url,
          COMPASS_WORKERS: '0',
          NODE_ENV: 'production',
          COMPASS_STALE_RUN_MS: '3600000',
          COMPASS_WS_FANOUT: mode === 'fan-out' ? 'on' : 'off',
          ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
        },
        process.env.PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('results/profiles')}`] : [],
      ),
    );
  }
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO benchmark_runs (name, status, recipe, target_url, target_model, profile_kind, prompt_tokens,
       output_tokens, started_at, heartbeat_at)
     VALUES ('fan-out bench', 'RUNNING', '{}', 'http://127.0.0.1:1', 'bench', 'constant', 512, 256, now(), now())
     RETURNING id`,
  );
  const runId = rows[0]!.id;
  const tableRows: Record<string, string | number>[] = [];
  const p99s = new Map<string, number>();
  // Alternating per client count, so both paths see the same load on a shared machine.
  for (const count of CLIENTS) {
    for (const mode of MODES) {
      const { row, p99 } = await measure(servers.get(mode)!, bus, runId, count);
      tableRows.push({ path: mode, ...row });
      p99s.set(`${mode}:${count}`, p99);
    }
  }
  const largest = Math.max(...CLIENTS);
  const p99 = p99s.get(`fan-out:${largest}`)!;
  const peer = p99s.get(`per-subscriber:${largest}`);
  process.stdout.write(
    heading('Subscriptions fan-out') +
      `${await machineLine(database.url, postgres.kind)}\n` +
      `one run's benchmarkRunProgress, ${RATE} events/s for ${SECONDS} s, published on the ${bus.kind} event bus ` +
      `(as a worker does); servers in their own processes (fan-out: COMPASS_WS_FANOUT=on, the default; ` +
      `per-subscriber: off, every subscriber runs its own stream), clients (${CLIENT}) in the bench process; ` +
      `latency = publish → client callback, same clock; µs/event = CPU per delivered event\n\n${table(tableRows)}\n\n` +
      (peer === undefined
        ? ''
        : `p99 at ${largest} clients, fan-out / per-subscriber: ${(p99 / peer).toFixed(2)}×\n`) +
      `target p99 < 100 ms at ${largest} clients: ${verdict(p99 < 100)} (${p99.toFixed(1)} ms)\n` +
      `${loadAverageLine()} after the run; took ${((performance.now() - started) / 1000).toFixed(0)} s\n`,
  );
} finally {
  for (const server of servers.values()) await server.stop();
  await bus.close();
  await pool.end();
  await database.drop();
  await postgres.stop();
}
