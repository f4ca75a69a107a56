import { createPubSub } from 'graphql-yoga';

/** Events every subscription reads; one pubsub per process (Redis-backed across instances when configured). */
export interface PubSubChannels {
  [key: string]: [unknown] | [string, unknown];
  'time:tick': [string];
}

export type PubSub = ReturnType<typeof createPubSub<PubSubChannels>>;

export function createAppPubSub(): PubSub {
  return createPubSub<PubSubChannels>();
}
