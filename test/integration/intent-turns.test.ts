import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

const EXTRACT = `mutation($text: String!, $base: DeploymentSpecInput) { extractIntent(text: $text, base: $base) {
  useCase { key } users requestsPerSecond priority gpuTypes excludedGpuTypes maxGpus maxMonthlyCostUsd notes changed
  fields { name source evidence { text start end } } } }`;

const RECOMMEND = `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) {
  spec { fields { name } changed }
  recommendations { gpu { type } totalGpus monthlyCostUsd } } }`;

interface Field {
  name: string;
  source: 'STATED' | 'CARRIED' | 'DEFAULT';
  evidence: { text: string; start: number; end: number }[];
}
interface Extracted {
  useCase: { key: string } | null;
  users: number | null;
  requestsPerSecond: number;
  priority: string;
  gpuTypes: string[];
  excludedGpuTypes: string[];
  maxGpus: number | null;
  maxMonthlyCostUsd: number | null;
  notes: string[];
  changed: string[];
  fields: Field[];
}
interface Recommended {
  recommend: {
    spec: { fields: unknown[]; changed: string[] };
    recommendations: { gpu: { type: string }; totalGpus: number; monthlyCostUsd: number }[];
  };
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server?.close();
});

async function extract(text: string, base?: Record<string, unknown>): Promise<Extracted> {
  const result = await gql<{ extractIntent: Extracted }>(server, EXTRACT, { text, base });
  expect(result.errors).toBeUndefined();
  return result.data!.extractIntent;
}

/** What a client sends back as the base: the spec's inputs, not its resolved defaults. */
function asBase(spec: Extracted): Record<string, unknown> {
  return {
    useCaseKey: spec.useCase?.key,
    ...(spec.users !== null ? { users: spec.users } : { requestsPerSecond: spec.requestsPerSecond }),
    priority: spec.priority,
    gpuTypes: spec.gpuTypes,
    excludedGpuTypes: spec.excludedGpuTypes,
    maxGpus: spec.maxGpus,
    maxMonthlyCostUsd: spec.maxMonthlyCostUsd,
  };
}

const byName = (spec: Extracted, name: string) => spec.fields.find((f) => f.name === name)!;

describe('extractIntent over several turns (HTTP)', () => {
  it('returns the words of every stated field, with offsets into the text as sent', async () => {
    // Leading spaces: offsets must point into the untrimmed string the client holds.
    const text = '   A chatbot for 2,000 users on H100s, budget $30k a month';
    const spec = await extract(text);
    expect(spec).toMatchObject({ users: 2000, gpuTypes: ['H100'], maxMonthlyCostUsd: 30000 });
    expect(byName(spec, 'users')).toEqual({
      name: 'users',
      source: 'STATED',
      evidence: [{ text: '2,000 users', start: 17, end: 28 }],
    });
    for (const f of spec.fields) for (const e of f.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(byName(spec, 'maxGpus')).toMatchObject({ source: 'DEFAULT', evidence: [] });
    expect(byName(spec, 'priority').source).toBe('DEFAULT');
    expect(spec.fields).toHaveLength(15);
  });

  it('walks three follow-ups, each saying what it changed, and recommend honours the result', async () => {
    const one = await extract('A chatbot for 2,000 users on H100s, budget $30k a month');
    const two = await extract("make it 500 users, we can't use H100", asBase(one));
    expect(two.changed).toEqual(['users', 'gpuTypes', 'excludedGpuTypes']);
    expect(two.users).toBe(500);
    // "not H100" is an exclusion, not "every other GPU": the allow-list is back to all.
    expect(two.gpuTypes).toEqual([]);
    expect(two.excludedGpuTypes).toEqual(['H100']);
    expect(byName(two, 'excludedGpuTypes').evidence.map((e) => e.text)).toEqual(['H100']);
    expect(two.useCase?.key).toBe('chatbot_conversational');
    expect(byName(two, 'useCaseKey').source).toBe('CARRIED');
    expect(byName(two, 'maxMonthlyCostUsd').source).toBe('CARRIED');
    expect(byName(two, 'gpuTypes').evidence.map((e) => e.text)).toEqual(['H100']);
    expect(two.notes.join(' ')).not.toMatch(/no use case recognised/);

    const three = await extract(
      'latency matters more than cost now, at most 4 GPUs, drop the budget',
      asBase(two),
    );
    expect(three.changed).toEqual(['priority', 'maxGpus', 'maxMonthlyCostUsd']);
    expect(three).toMatchObject({ priority: 'LATENCY', maxGpus: 4, maxMonthlyCostUsd: null, users: 500 });
    expect(byName(three, 'maxMonthlyCostUsd').evidence.map((e) => e.text)).toEqual(['drop the budget']);

    expect(three.excludedGpuTypes).toEqual(['H100']);
    const { users, useCaseKey, gpuTypes, excludedGpuTypes, priority, maxGpus } = asBase(three);
    const rec = await gql<Recommended>(server, RECOMMEND, {
      spec: { users, useCaseKey, gpuTypes, excludedGpuTypes, priority, maxGpus },
    });
    expect(rec.errors).toBeUndefined();
    const plans = rec.data!.recommend.recommendations;
    expect(plans.length).toBeGreaterThan(0);
    expect(plans.every((p) => p.totalGpus <= 4 && p.gpu.type !== 'H100')).toBe(true);
    // recommend echoes a typed-in spec: nobody's words, nothing changed.
    expect(rec.data!.recommend.spec).toEqual({ fields: [], changed: [] });
  });

  it('a base that is not a valid spec is BAD_USER_INPUT, and nothing else is said', async () => {
    const unknown = await gql(server, EXTRACT, { text: 'make it 500 users', base: { useCaseKey: 'nope' } });
    expect(unknown.data).toBeNull();
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negative = await gql(server, EXTRACT, {
      text: 'at most 4 GPUs',
      base: { useCaseKey: 'translation', requestsPerSecond: -3 },
    });
    expect(negative.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(negative.errors?.[0]?.message).toMatch(/requestsPerSecond/);
  });
});
