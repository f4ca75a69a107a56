/** The CLI talks to a running Compass over its GraphQL API, like any other client. */
export interface CliTarget {
  url: string;
  token: string | undefined;
}

export class CliError extends Error {}

export async function request<T>(
  target: CliTarget,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(target.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new CliError(`cannot reach Compass at ${target.url}: ${(error as Error).message}`);
  }
  const body = (await response.json().catch(() => null)) as {
    data?: T;
    errors?: { message: string }[];
  } | null;
  if (!body) throw new CliError(`Compass answered HTTP ${response.status} without JSON`);
  if (body.errors?.length) throw new CliError(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}
