import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';
import type pg from 'pg';

const CHANNEL = 'compass_events';

type Callback = (event: CustomEvent) => void;

/**
 * A yoga EventTarget over PostgreSQL LISTEN/NOTIFY: `dispatchEvent` NOTIFYs every server and worker
 * on the database; one dedicated connection LISTENs and hands events to local subscribers. Payloads
 * must stay under PostgreSQL's 8,000-byte NOTIFY limit (progress events are a few hundred bytes).
 * The listening connection reconnects with backoff when PostgreSQL restarts.
 */
export async function createPostgresEventTarget(
  pool: pg.Pool,
): Promise<{ eventTarget: TypedEventTarget<CustomEvent>; close(): Promise<void> }> {
  const callbacks = new Map<string, Set<Callback>>();
  let listener: pg.PoolClient | null = null;
  let closed = false;

  const onNotification = (message: pg.Notification) => {
    if (message.channel !== CHANNEL || !message.payload) return;
    const { topic, detail } = JSON.parse(message.payload) as { topic: string; detail: unknown };
    const listeners = callbacks.get(topic);
    if (!listeners) return;
    // One event for every local subscriber: listeners only read `detail`, which they share anyway.
    const event = new CustomEvent(topic, { detail });
    for (const callback of listeners) callback(event);
  };

  const connect = async (attempt = 0): Promise<void> => {
    if (closed) return;
    try {
      const client = await pool.connect();
      client.on('notification', onNotification);
      client.on('error', () => {
        // After close() the client is already back in the pool; PostgreSQL shutting down must not release it twice.
        if (closed) return;
        client.release(true);
        listener = null;
        void connect();
      });
      await client.query(`LISTEN ${CHANNEL}`);
      listener = client;
    } catch {
      const delay = Math.min(5_000, 100 * 2 ** attempt);
      setTimeout(() => void connect(attempt + 1), delay).unref();
    }
  };
  await connect();

  const callbackOf = (listenerOrObject: EventListenerOrEventListenerObject | null): Callback | null => {
    if (!listenerOrObject) return null;
    return (
      'handleEvent' in listenerOrObject
        ? listenerOrObject.handleEvent.bind(listenerOrObject)
        : listenerOrObject
    ) as Callback;
  };

  const eventTarget: TypedEventTarget<CustomEvent> = {
    addEventListener(topic: string, listenerOrObject: EventListenerOrEventListenerObject | null) {
      const callback = callbackOf(listenerOrObject);
      if (!callback) return;
      const set = callbacks.get(topic) ?? new Set<Callback>();
      set.add(callback);
      callbacks.set(topic, set);
    },
    removeEventListener(topic: string, listenerOrObject: EventListenerOrEventListenerObject | null) {
      const callback = callbackOf(listenerOrObject);
      if (!callback) return;
      const set = callbacks.get(topic);
      set?.delete(callback);
      if (set?.size === 0) callbacks.delete(topic);
    },
    dispatchEvent(event: CustomEvent) {
      const payload = JSON.stringify({ topic: event.type, detail: event.detail ?? null });
      pool.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]).catch(() => undefined);
      return true;
    },
  } as TypedEventTarget<CustomEvent>;

  return {
    eventTarget,
    close: async () => {
      closed = true;
      if (listener) {
        await listener.query(`UNLISTEN ${CHANNEL}`).catch(() => undefined);
        listener.release();
        listener = null;
      }
    },
  };
}
