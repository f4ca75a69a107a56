import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { CliError } from './graphql-client.js';

export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws');
}

/** Runs one subscription to completion over graphql-ws, calling `onData` for every event. */
export function subscribeOnce<TResult, TVariables extends Record<string, unknown>>(
  url: string,
  token: string | undefined,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
  onData: (data: TResult) => void,
): Promise<void> {
  const client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 5,
    shouldRetry: () => true,
  });
  return new Promise<void>((resolve, reject) => {
    client.subscribe<TResult>(
      { query: print(document), variables },
      {
        next: (value) => {
          if (value.errors?.length) {
            reject(new CliError(value.errors.map((e) => e.message).join('; ')));
            return;
          }
          if (value.data) onData(value.data);
        },
        error: (error) => reject(error instanceof Error ? error : new CliError(JSON.stringify(error))),
        complete: () => resolve(),
      },
    );
  }).finally(() => void client.dispose());
}
