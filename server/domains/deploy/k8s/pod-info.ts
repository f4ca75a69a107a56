import type { EventInfo, PodConditionInfo, PodContainerInfo, PodInfo } from '../types.js';

/**
 * Normalises Pods and Events from either source — the client's deserialised models (dates as Date) or
 * raw watch-event JSON (dates as strings) — into the plain shapes of types.ts. Pure; tolerant of
 * missing fields.
 */

type Json = Record<string, unknown>;

function rec(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function num(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

function time(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return str(value);
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, val] of Object.entries(rec(value))) if (typeof val === 'string') out[key] = val;
  return out;
}

function container(value: unknown): PodContainerInfo {
  const c = rec(value);
  const state = rec(c.state);
  const waiting = state.waiting ? rec(state.waiting) : null;
  const running = state.running ? rec(state.running) : null;
  const terminated = state.terminated ? rec(state.terminated) : null;
  const detail = waiting ?? terminated;
  return {
    name: str(c.name) ?? '',
    ready: c.ready === true,
    restartCount: num(c.restartCount),
    state: waiting ? 'waiting' : running ? 'running' : terminated ? 'terminated' : 'unknown',
    reason: detail ? str(detail.reason) : null,
    message: detail ? str(detail.message) : null,
    exitCode: terminated && typeof terminated.exitCode === 'number' ? terminated.exitCode : null,
  };
}

function condition(value: unknown): PodConditionInfo {
  const c = rec(value);
  return {
    type: str(c.type) ?? '',
    status: str(c.status) ?? 'Unknown',
    reason: str(c.reason),
    message: str(c.message),
  };
}

export function normalizePod(value: unknown): PodInfo {
  const pod = rec(value);
  const metadata = rec(pod.metadata);
  const status = rec(pod.status);
  const statuses = [
    ...(Array.isArray(status.initContainerStatuses) ? status.initContainerStatuses : []),
    ...(Array.isArray(status.containerStatuses) ? status.containerStatuses : []),
  ];
  return {
    name: str(metadata.name) ?? '',
    namespace: str(metadata.namespace) ?? '',
    labels: stringMap(metadata.labels),
    phase: str(status.phase) ?? 'Unknown',
    reason: str(status.reason),
    message: str(status.message),
    terminating: metadata.deletionTimestamp !== undefined && metadata.deletionTimestamp !== null,
    conditions: Array.isArray(status.conditions) ? status.conditions.map(condition) : [],
    containers: statuses.map(container),
    resourceVersion: str(metadata.resourceVersion),
    createdAt: time(metadata.creationTimestamp),
  };
}

export function normalizeEvent(value: unknown): EventInfo {
  const event = rec(value);
  const involved = rec(event.involvedObject);
  const series = rec(event.series);
  return {
    type: str(event.type) ?? 'Normal',
    reason: str(event.reason) ?? '',
    message: str(event.message) ?? '',
    involvedObject: { kind: str(involved.kind) ?? '', name: str(involved.name) ?? '' },
    count: num(event.count) || num(series.count) || 1,
    lastTimestamp: time(event.lastTimestamp) ?? time(event.eventTime) ?? time(event.firstTimestamp),
  };
}
