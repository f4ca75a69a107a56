import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

/** Issue 21: COMPASS_MAX_BODY_BYTES holds for chunked bodies (no Content-Length) too. */

const LIMIT = 4 * 1024;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ authMode: 'open', limits: { maxBodyBytes: LIMIT } });
});

afterAll(async () => {
  await server?.close();
});

interface Outcome {
  status: number | null;
  body: string;
  /** Bytes the client had written when the exchange ended. */
  written: number;
  error: string | null;
}

/** POSTs `chunks` with Transfer-Encoding: chunked (no Content-Length), stopping once the server answers. */
function postChunked(chunks: Iterable<string>): Promise<Outcome> {
  return new Promise((resolve) => {
    const url = new URL(server.graphqlUrl);
    const outcome: Outcome = { status: null, body: '', written: 0, error: null };
    let answered = false;
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
    });
    request.on('response', (response) => {
      answered = true;
      outcome.status = response.statusCode ?? null;
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (outcome.body += chunk));
      response.on('end', () => resolve(outcome));
    });
    request.on('error', (error) => {
      outcome.error = error.message;
      resolve(outcome);
    });
    const iterator = chunks[Symbol.iterator]();
    const pump = () => {
      for (;;) {
        if (answered || request.destroyed) return;
        const next = iterator.next();
        if (next.done) {
          request.end();
          return;
        }
        outcome.written += Buffer.byteLength(next.value);
        if (!request.write(next.value)) {
          request.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

const mint = (pad: number) =>
  JSON.stringify({ query: 'mutation { createApiToken(name: "chunked", role: ADMIN) { token } }' }).replace(
    /}$/,
    `${' '.repeat(pad)}}`,
  );

function* inPieces(text: string, size: number): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('chunked bodies', () => {
  it('runs a chunked request within the limit', async () => {
    const outcome = await postChunked(inPieces(mint(100), 50));
    expect(outcome.status).toBe(200);
    expect(outcome.body).toContain('cmp_');
  });

  it('refuses a chunked request over the limit with 413, running nothing', async () => {
    const before = await server.clients.api.apiToken.count();
    const outcome = await postChunked(inPieces(mint(LIMIT * 2), 512));
    expect(outcome.status).toBe(413);
    expect(JSON.parse(outcome.body)).toMatchObject({
      errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
    expect(await server.clients.api.apiToken.count()).toBe(before);
  });

  it('stops reading an endless chunked body: answered before the sender is done', async () => {
    function* endless(): Generator<string> {
      const piece = 'x'.repeat(16 * 1024);
      for (let i = 0; i < 64 * 1024; i += 1) yield piece; // 1 GiB if nobody stops it
    }
    const outcome = await postChunked(endless());
    // Either the 413 arrives, or the server closes the socket under the sender; never all of it read.
    if (outcome.error === null) expect(outcome.status).toBe(413);
    expect(outcome.written).toBeLessThan(256 * 1024 * 1024);
  });
});
