import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { startFakeK8s, type FakeK8s } from '../helpers/fake-k8s/index.js';

/** The fake API server's own protocol, spoken over raw HTTP (what any Kubernetes client would see). */

type Json = Record<string, unknown>;

let fake: FakeK8s;
const ISVCS = '/apis/serving.kserve.io/v1beta1/namespaces/compass/inferenceservices';

async function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  token?: string,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token ?? fake.token}`, 'content-type': contentType },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

function isvc(name: string, extra: Json = {}): Json {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name,
      labels: { 'compass.io/deployment-id': name, tier: name === 'alpha' ? 'gold' : 'silver' },
    },
    spec: { predictor: { minReplicas: 1, containers: [{ name: 'kserve-container', image: 'x:1' }] } },
    ...extra,
  };
}

/** Reads newline-delimited watch events until `count` arrived (or the stream ends). */
function watch(path: string, count: number): Promise<{ type: string; object: Json }[]> {
  return new Promise((resolve, reject) => {
    const events: { type: string; object: Json }[] = [];
    const req = http.get(
      `${fake.url}${path}`,
      { headers: { authorization: `Bearer ${fake.token}` } },
      (res) => {
        let buffer = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let newline: number;
          while ((newline = buffer.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buffer.slice(0, newline)) as { type: string; object: Json });
            buffer = buffer.slice(newline + 1);
            if (events.length === count) {
              req.destroy();
              resolve(events);
            }
          }
        });
        res.on('end', () => resolve(events));
      },
    );
    // Never hang a test: give up after 5 s with what arrived.
    setTimeout(() => {
      req.destroy();
      resolve(events);
    }, 5000).unref();
    req.on('error', (error) => (events.length >= count ? undefined : reject(error)));
  });
}

beforeAll(async () => {
  fake = await startFakeK8s({ podTimeline: { startAfterMs: 10, readyAfterMs: 10 }, watchHistory: 5 });
});

afterAll(async () => {
  await fake.close();
});

describe('fake Kubernetes API: REST semantics', () => {
  it('requires the bearer token', async () => {
    const { status, body } = await call('GET', ISVCS, undefined, 'application/json', 'wrong');
    expect(status).toBe(401);
    expect(body).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'Unauthorized', code: 401 });
  });

  it('404 NotFound carries a proper Status object', async () => {
    expect(await call('GET', `${ISVCS}/missing`)).toEqual({
      status: 404,
      body: {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'inferenceservices.serving.kserve.io "missing" not found',
        reason: 'NotFound',
        details: { name: 'missing', group: 'serving.kserve.io', kind: 'inferenceservices' },
        code: 404,
      },
    });
    expect((await call('GET', '/apis/example.com/v1/namespaces/compass/widgets')).status).toBe(404);
  });

  it('POST creates (201) with uid, generation and a resourceVersion; a second POST is 409 AlreadyExists', async () => {
    const created = await call('POST', ISVCS, isvc('alpha'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'alpha', namespace: 'compass', generation: 1 });
    expect((created.body.metadata as Json).uid).toMatch(/^[0-9a-f-]{36}$/);
    const again = await call('POST', ISVCS, isvc('alpha'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'inferenceservices.serving.kserve.io "alpha" already exists',
    });
  });

  it('422 Invalid lists causes for a missing name, wrong apiVersion and wrong kind', async () => {
    const { status, body } = await call('POST', ISVCS, {
      ...isvc(''),
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {},
    });
    expect(status).toBe(422);
    expect(body.reason).toBe('Invalid');
    expect((body.details as { causes: { field: string }[] }).causes.map((c) => c.field)).toEqual([
      'apiVersion',
      'kind',
      'metadata.name',
    ]);
    expect(
      (await call('POST', ISVCS, { ...isvc('x'), metadata: { name: 'x', namespace: 'other' } })).status,
    ).toBe(400);
    expect((await call('POST', ISVCS, '{not json')).status).toBe(400);
  });

  it('PUT needs the current resourceVersion: missing is 422, stale is 409 Conflict, current bumps it', async () => {
    // Unschedulable pods: the fake controller will not touch the object's status (and resourceVersion) meanwhile.
    fake.setPodTimeline({ outcome: 'unschedulable' });
    const created = await call('POST', ISVCS, isvc('beta'));
    const rv = String((created.body.metadata as Json).resourceVersion);
    expect((await call('PUT', `${ISVCS}/beta`, isvc('beta'))).status).toBe(422);
    const stale = await call('PUT', `${ISVCS}/beta`, {
      ...isvc('beta'),
      metadata: { name: 'beta', resourceVersion: '1' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');
    const body = isvc('beta', {
      spec: { predictor: { minReplicas: 2, containers: [{ name: 'c', image: 'x:2' }] } },
    });
    (body.metadata as Json).resourceVersion = rv;
    const replaced = await call('PUT', `${ISVCS}/beta`, body);
    expect(replaced.status).toBe(200);
    expect(Number((replaced.body.metadata as Json).resourceVersion)).toBeGreaterThan(Number(rv));
    expect((replaced.body.metadata as Json).generation).toBe(2);
    expect(fake.state.pods('compass').filter((p) => JSON.stringify(p).includes('"beta"'))).toHaveLength(2);
    fake.setPodTimeline({ outcome: 'ready' });
  });

  it('PATCH: merge patch, JSON patch, server-side apply (fieldManager required), 415 for strategic merge', async () => {
    await call('POST', ISVCS, isvc('gamma'));
    const merged = await call(
      'PATCH',
      `${ISVCS}/gamma`,
      { metadata: { labels: { tier: null, extra: 'yes' } } },
      'application/merge-patch+json',
    );
    expect(merged.status).toBe(200);
    expect((merged.body.metadata as Json).labels).toEqual({
      'compass.io/deployment-id': 'gamma',
      extra: 'yes',
    });
    const patched = await call(
      'PATCH',
      `${ISVCS}/gamma`,
      [{ op: 'replace', path: '/spec/predictor/minReplicas', value: 3 }],
      'application/json-patch+json',
    );
    expect(((patched.body.spec as Json).predictor as Json).minReplicas).toBe(3);
    const applyBody = stringify(isvc('delta'));
    expect((await call('PATCH', `${ISVCS}/delta`, applyBody, 'application/apply-patch+yaml')).status).toBe(
      422,
    );
    const applied = await call(
      'PATCH',
      `${ISVCS}/delta?fieldManager=compass`,
      applyBody,
      'application/apply-patch+yaml',
    );
    expect(applied.status).toBe(201);
    expect((await call('PATCH', `${ISVCS}/gamma`, {}, 'application/strategic-merge-patch+json')).status).toBe(
      415,
    );
    expect((await call('PATCH', `${ISVCS}/nobody`, {}, 'application/merge-patch+json')).status).toBe(404);
  });

  it('dryRun=All validates and answers but stores and deletes nothing', async () => {
    const before = fake.state.objects('inferenceservices').length;
    const dry = await call('POST', `${ISVCS}?dryRun=All`, isvc('epsilon'));
    expect(dry.status).toBe(201);
    expect((dry.body.metadata as Json).resourceVersion).toBeUndefined();
    expect(fake.state.objects('inferenceservices')).toHaveLength(before);
    expect((await call('DELETE', `${ISVCS}/alpha?dryRun=All`)).status).toBe(200);
    expect((await call('GET', `${ISVCS}/alpha`)).status).toBe(200);
    expect((await call('POST', `${ISVCS}?dryRun=Maybe`, isvc('zeta'))).status).toBe(400);
  });

  it('label selectors: equality, inequality, set-based; a bad selector is 400', async () => {
    const names = async (selector: string) =>
      (
        (await call('GET', `${ISVCS}?labelSelector=${encodeURIComponent(selector)}`)).body.items as Json[]
      ).map((i) => (i.metadata as Json).name);
    expect(await names('tier=gold')).toEqual(['alpha']);
    expect((await names('tier!=gold')).sort()).toEqual(['beta', 'delta', 'gamma']);
    expect((await names('compass.io/deployment-id in (alpha,beta)')).sort()).toEqual(['alpha', 'beta']);
    expect((await names('compass.io/deployment-id notin (alpha,beta),tier')).sort()).toEqual(['delta']);
    expect((await names('!tier')).sort()).toEqual(['gamma']);
    expect((await call('GET', `${ISVCS}?labelSelector=${encodeURIComponent('a in (b')}`)).status).toBe(400);
  });

  it('DELETE removes the object and its pods; pods and events are listable', async () => {
    const podsOf = (name: string) =>
      fake.state.pods('compass').filter((p) => JSON.stringify(p).includes(`"${name}"`));
    expect(podsOf('alpha')).toHaveLength(1);
    const pods = await call(
      'GET',
      `/api/v1/namespaces/compass/pods?labelSelector=${encodeURIComponent('compass.io/deployment-id=alpha')}`,
    );
    expect(pods.body.kind).toBe('PodList');
    const podName = String((((pods.body.items as Json[])[0] as Json).metadata as Json).name);
    expect((await call('GET', `/api/v1/namespaces/compass/pods/${podName}`)).status).toBe(200);
    const deleted = await call('DELETE', `${ISVCS}/alpha`);
    expect(deleted.body).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(podsOf('alpha')).toEqual([]);
    const events = await call(
      'GET',
      `/api/v1/namespaces/compass/events?fieldSelector=${encodeURIComponent(`involvedObject.name=${podName}`)}`,
    );
    expect((events.body.items as Json[]).map((e) => e.reason)).toContain('Killing');
  });
});

describe('fake Kubernetes API: watch protocol', () => {
  it('streams ADDED for current pods, then live MODIFIED/DELETED events as JSON lines', async () => {
    const selector = encodeURIComponent('compass.io/deployment-id=beta');
    const events = await watch(`/api/v1/namespaces/compass/pods?watch=true&labelSelector=${selector}`, 2);
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'ADDED']);
    const next = watch(`/api/v1/namespaces/compass/pods?watch=1&labelSelector=${selector}`, 4);
    await new Promise((r) => setTimeout(r, 30));
    await call('DELETE', `${ISVCS}/beta`);
    expect((await next).map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'DELETED', 'DELETED']);
  });

  it('answers an ERROR event with 410 Expired for a compacted resourceVersion', async () => {
    const events = await watch('/api/v1/namespaces/compass/pods?watch=true&resourceVersion=1', 1);
    expect(events[0]).toMatchObject({
      type: 'ERROR',
      object: { kind: 'Status', code: 410, reason: 'Expired' },
    });
  });

  it('ends a watch after timeoutSeconds', async () => {
    const started = Date.now();
    const events = await watch(
      '/api/v1/namespaces/compass/pods?watch=true&timeoutSeconds=1&labelSelector=none%3Dnone',
      99,
    );
    expect(events).toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });
});
