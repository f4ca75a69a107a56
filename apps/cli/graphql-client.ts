import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/** The CLI talks to a running Compass over its GraphQL API, like any other client. */
export interface CliTarget {
  url: string;
  token: string | undefined;
}

export class CliError extends Error {}

/** Documents come from `graphql()` in ./gql (codegen), so results and variables are the schema's types. */
export async function request<TResult, TVariables>(
  target: CliTarget,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch (error) {
    throw new CliError(`cannot reach Compass at ${target.url}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as {
    data?: TResult;
    errors?: { message: string }[];
  } | null;
  if (!body) throw new CliError(`Compass answered HTTP ${response.status} without JSON`);
  if (body.errors?.length) throw new CliError(body.errors.map((e) => e.message).join('; '));
  if (body.data === undefined) throw new CliError('Compass answered without data');
  return body.data;
}

/** `QmVuY2htYXJrUnVuOjEy` (BenchmarkRun:12) → `12`; a bare number stays as it is. */
export function numericId(id: string): string {
  if (/^\d+$/.test(id)) return id;
  return Buffer.from(id, 'base64').toString().split(':')[1] ?? id;
}
