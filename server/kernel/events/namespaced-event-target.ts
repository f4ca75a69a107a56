import type { TypedEventTarget } from '@graphql-yoga/typed-event-target';

/**
 * Prefixes every topic of a shared event target. Several Compass installations (or test databases)
 * may share one Redis, and their ids overlap (run 1 exists in each): without a namespace a subscriber
 * would receive another installation's `benchmarkRunProgress:1`.
 */
export function namespacedEventTarget(
  inner: TypedEventTarget<CustomEvent>,
  namespace: string,
): TypedEventTarget<CustomEvent> {
  const prefix = `${namespace}|`;
  return {
    addEventListener(topic: string, callback: EventListenerOrEventListenerObject | null) {
      inner.addEventListener(prefix + topic, callback);
    },
    removeEventListener(topic: string, callback: EventListenerOrEventListenerObject | null) {
      inner.removeEventListener(prefix + topic, callback);
    },
    dispatchEvent(event: CustomEvent) {
      return inner.dispatchEvent(new CustomEvent(prefix + event.type, { detail: event.detail as unknown }));
    },
  };
}

/** The namespace of a database: host, port and name (never the credentials). */
export function databaseNamespace(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `compass:${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    return 'compass';
  }
}
