import { ApiException } from '@kubernetes/client-node';
import type { K8sError, K8sErrorCode } from '../types.js';

/**
 * Maps whatever @kubernetes/client-node throws (ApiException with a Kubernetes `Status` body, node-fetch
 * FetchError/AbortError, the Watch class's status errors) to a typed K8sError. Messages come from the
 * API server's `Status.message` or are written here; library messages (which embed response headers)
 * and stack traces never pass through.
 */

export class K8sClientError extends Error {
  readonly code: K8sErrorCode;
  readonly status: number | undefined;
  readonly reason: string | undefined;

  constructor(error: K8sError) {
    super(error.message);
    this.name = 'K8sClientError';
    this.code = error.code;
    this.status = error.status;
    this.reason = error.reason;
  }

  toJSON(): K8sError {
    return { code: this.code, status: this.status, reason: this.reason, message: this.message };
  }
}

const MAX_MESSAGE = 500;

function codeForStatus(status: number): K8sErrorCode {
  if (status === 400 || status === 415 || status === 422) return 'K8S_INVALID';
  if (status === 401) return 'K8S_UNAUTHORIZED';
  if (status === 403) return 'K8S_FORBIDDEN';
  if (status === 404) return 'K8S_NOT_FOUND';
  if (status === 409) return 'K8S_CONFLICT';
  return 'K8S_ERROR';
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 3)}...` : flat;
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A Kubernetes `Status` object (from an error body or a watch ERROR event) as a K8sError. */
export function statusToK8sError(status: number | undefined, body: unknown): K8sError {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = null;
    }
  }
  const s = record(parsed);
  const code = typeof s?.code === 'number' ? s.code : status;
  const reason = typeof s?.reason === 'string' && s.reason !== '' ? s.reason : undefined;
  const message =
    typeof s?.message === 'string' && s.message !== ''
      ? clip(s.message)
      : `the Kubernetes API answered HTTP ${code ?? 'error'}${reason ? ` (${reason})` : ''}`;
  return { code: code === undefined ? 'K8S_ERROR' : codeForStatus(code), status: code, reason, message };
}

export function toK8sError(error: unknown, timeoutMs?: number): K8sError {
  if (error instanceof K8sClientError) return error.toJSON();
  if (error instanceof ApiException) return statusToK8sError(error.code, error.body);
  const e = record(error);
  const name = typeof e?.name === 'string' ? e.name : '';
  if (name === 'AbortError' || name === 'TimeoutError') {
    return {
      code: 'K8S_UNREACHABLE',
      message: `the Kubernetes API did not answer${timeoutMs ? ` within ${timeoutMs} ms` : ''}`,
    };
  }
  if (
    name === 'FetchError' ||
    (typeof e?.code === 'string' && /^(E[A-Z]+|ERR_STREAM_[A-Z_]+)$/.test(e.code))
  ) {
    const code =
      typeof e?.code === 'string' ? e.code : typeof e?.errno === 'string' ? e.errno : 'network error';
    return { code: 'K8S_UNREACHABLE', message: `cannot reach the Kubernetes API (${code})` };
  }
  if (typeof e?.statusCode === 'number') return statusToK8sError(e.statusCode, null);
  return { code: 'K8S_ERROR', message: 'unexpected Kubernetes client failure' };
}
