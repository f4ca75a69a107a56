import type { ExecutionResult } from 'graphql';
import type { PubSub } from '../kernel/events/pubsub.js';

/**
 * A subscription whose live events all come from one pubsub topic, and whose selection resolves from
 * the event, the operation's variables and the caller's role alone (no per-subscriber state).
 */
export interface TopicFeed<T> {
  /** The pubsub topic (`channel:id`): subscribers of one topic share its events. */
  topic: string;
  /** Opens the topic's live events. */
  open(): AsyncIterator<T>;
  /** The current state, sent to this subscriber alone before any live event. */
  first(): T;
  /** Nothing live follows `first` (the thing already ended). */
  ended: boolean;
  /** The stream ends after this event. */
  isLast(event: T): boolean;
}

/** Where a graphql-ws operation's frames go: its socket. */
export interface FrameSink {
  /** Writes one text frame (nothing when the socket is no longer open). */
  send(frame: string): void;
  /** Bytes written and not yet taken by the peer. */
  buffered(): number;
  /** Drops the connection: the peer stopped reading. */
  drop(): void;
}

/** How one graphql-ws operation takes its live events: written straight to its socket, shared per group. */
export interface Delivery {
  sink: FrameSink;
  /** The graphql-ws operation id. */
  id: string;
  /** Operations with equal keys (document, variables, role) get equal results for the same event. */
  key: string;
  /** Runs the operation's selection over one event, its errors masked as yoga masks them. */
  execute(event: unknown): ExecutionResult | Promise<ExecutionResult>;
}

/** A socket holding this much unread (4,000 progress events) is dropped instead of buffered further. */
export const MAX_BUFFERED_BYTES = 2 * 1024 * 1024;

interface Member {
  delivery: Delivery;
  /** `{"id":<id>,"type":"next","payload":` — the frame up to the shared part. */
  head: string;
  end(): void;
  fail(error: unknown): void;
}

interface Group {
  members: Set<Member>;
}

interface Topic {
  groups: Map<string, Group>;
  /** Stops listening to the topic (ends the pump). */
  close(): void;
}

const deliveries = new WeakMap<object, Delivery>();
const hubs = new WeakMap<PubSub, Map<string, Topic>>();
const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** The transport (graphql-ws) announces that this operation's events may go straight to its socket. */
export function deliverOverSocket(contextValue: object, delivery: Delivery): void {
  deliveries.set(contextValue, delivery);
}

/**
 * graphql-ws `next` frame text before the payload. The whole frame is byte for byte what graphql-ws
 * writes (`JSON.stringify({ id, type: 'next', payload })`, no replacer).
 */
export function frameHead(id: string): string {
  return `{"id":${JSON.stringify(id)},"type":"next","payload":`;
}

/** The payload graphql-ws sends for a result: the result, errors serialized with `toJSON`. */
export function payloadJson(result: ExecutionResult): string {
  const { errors, ...rest } = result;
  return JSON.stringify(
    errors ? { ...rest, errors: errors.map((error) => (error.toJSON ? error.toJSON() : error)) } : rest,
  );
}

/**
 * The feed as a subscription's source stream. Over graphql-ws, the subscriber's first event goes the
 * usual way (executed and sent by graphql-ws); then it joins the topic's shared fan-out and its
 * stream stays parked, with no per-event work, until the feed ends (done) or it is returned
 * (unsubscribe, socket closed, live-auth end). Each live event is executed once per group of equal
 * operations, serialized once, and written to every member's socket. Elsewhere (SSE, in-process) it
 * is a plain per-subscriber stream over the pubsub.
 */
export function topicFeed<T>(ctx: { pubsub: PubSub }, feed: TopicFeed<T>): AsyncIterableIterator<T> {
  const delivery = deliveries.get(ctx);
  if (!delivery) return feedStream(feed);
  let topics = hubs.get(ctx.pubsub);
  if (!topics) {
    topics = new Map();
    hubs.set(ctx.pubsub, topics);
  }
  return sharedStream(topics, feed, delivery);
}

function sharedStream<T>(
  topics: Map<string, Topic>,
  feed: TopicFeed<T>,
  delivery: Delivery,
): AsyncIterableIterator<T> {
  let state: 'first' | 'join' | 'parked' | 'done' = 'first';
  let member: Member | null = null;
  let release: (() => void) | null = null;
  const leave = () => {
    state = 'done';
    if (member) leaveTopic(topics, feed.topic, member);
    member = null;
    release?.();
    release = null;
  };
  const stream: AsyncIterableIterator<T> = {
    next() {
      if (state === 'first') {
        state = feed.ended ? 'done' : 'join';
        return Promise.resolve({ done: false, value: feed.first() });
      }
      if (state !== 'join') return Promise.resolve(DONE);
      state = 'parked';
      // graphql-ws asks for the next event only once the first frame is written: joining now keeps order.
      return new Promise<IteratorResult<T>>((resolve, reject) => {
        release = () => resolve(DONE);
        member = {
          delivery,
          head: frameHead(delivery.id),
          end: leave,
          fail: (error) => {
            leave();
            reject(error);
          },
        };
        joinTopic(topics, feed, member);
      });
    },
    return() {
      leave();
      return Promise.resolve(DONE);
    },
    throw(error?: unknown) {
      leave();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

function joinTopic<T>(topics: Map<string, Topic>, feed: TopicFeed<T>, member: Member): void {
  let topic = topics.get(feed.topic);
  if (!topic) {
    const source = feed.open();
    topic = { groups: new Map(), close: () => void source.return?.() };
    topics.set(feed.topic, topic);
    void pump(topics, feed, topic, source);
  }
  let group = topic.groups.get(member.delivery.key);
  if (!group) {
    group = { members: new Set() };
    topic.groups.set(member.delivery.key, group);
  }
  group.members.add(member);
}

function leaveTopic(topics: Map<string, Topic>, name: string, member: Member): void {
  const topic = topics.get(name);
  const group = topic?.groups.get(member.delivery.key);
  if (!topic || !group?.members.delete(member)) return;
  if (group.members.size > 0) return;
  topic.groups.delete(member.delivery.key);
  if (topic.groups.size > 0) return;
  // The last subscriber left: stop listening (ends the pump's pending next()).
  topics.delete(name);
  topic.close();
}

/** One loop per topic: takes each event, delivers it to every group, ends everyone after the last. */
async function pump<T>(
  topics: Map<string, Topic>,
  feed: TopicFeed<T>,
  topic: Topic,
  source: AsyncIterator<T>,
): Promise<void> {
  let failure: { error: unknown } | null = null;
  try {
    for (;;) {
      const next = await source.next();
      if (next.done || topic.groups.size === 0) break;
      await deliver(topic, next.value);
      if (feed.isLast(next.value)) break;
    }
  } catch (error) {
    failure = { error };
  }
  if (topics.get(feed.topic) === topic) topics.delete(feed.topic);
  const members = [...topic.groups.values()].flatMap((group) => [...group.members]);
  topic.groups.clear();
  for (const member of members) {
    if (failure) member.fail(failure.error);
    else member.end();
  }
  topic.close();
}

async function deliver(topic: Topic, event: unknown): Promise<void> {
  for (const group of topic.groups.values()) {
    const leader = group.members.values().next();
    if (leader.done) continue;
    const executed = leader.value.delivery.execute(event);
    const result = executed instanceof Promise ? await executed : executed;
    const tail = `${payloadJson(result)}}`;
    for (const member of group.members) {
      const { sink } = member.delivery;
      if (sink.buffered() > MAX_BUFFERED_BYTES) {
        sink.drop();
        continue;
      }
      sink.send(member.head + tail);
    }
  }
}

/** The per-subscriber stream: `first`, then the topic's live events until the last one. */
function feedStream<T>(feed: TopicFeed<T>): AsyncIterableIterator<T> {
  let state: 'first' | 'live' | 'done' = 'first';
  let live: AsyncIterator<T> | null = null;
  const close = async (): Promise<IteratorReturnResult<undefined>> => {
    state = 'done';
    await live?.return?.();
    return DONE;
  };
  const stream: AsyncIterableIterator<T> = {
    async next() {
      if (state === 'first') {
        state = feed.ended ? 'done' : 'live';
        return { done: false, value: feed.first() };
      }
      if (state === 'done') return DONE;
      live ??= feed.open();
      const next = await live.next();
      if (next.done || (state as string) === 'done') return close();
      if (feed.isLast(next.value)) void close();
      return { done: false, value: next.value };
    },
    return: () => close(),
    async throw(error?: unknown) {
      await close();
      throw error;
    },
    [Symbol.asyncIterator]: () => stream,
  };
  return stream;
}

/** Topics with subscribers sharing them in this process (diagnostics and tests). */
export function sharedTopicCount(pubsub: PubSub): number {
  return hubs.get(pubsub)?.size ?? 0;
}
