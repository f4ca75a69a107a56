/** Helpers for tests that drive benchmark runs over GraphQL. */

export const START_RUN = `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`;

/** The numeric id inside a BenchmarkRun global id. */
export function runIdOf(globalId: string): number {
  return Number(Buffer.from(globalId, 'base64').toString().split(':')[1]);
}

/** Reads until `done` holds, every 200 ms; throws with the last value read after `timeoutMs`. */
export async function until<T>(
  read: () => Promise<T>,
  done: (v: T) => boolean,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
