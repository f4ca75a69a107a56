import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  createGraphiQLRenderer,
  exampleQuery,
  GRAPHIQL_EXAMPLES,
  graphiqlOptions,
  graphiqlTabs,
} from '../../server/graphql/graphiql.js';

const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));

describe('GraphiQL tabs', () => {
  it('are the README examples, in order, the first being the default tab', () => {
    const readme = readFileSync('README.md', 'utf8');
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks).toEqual(GRAPHIQL_EXAMPLES.map((e) => exampleQuery(e.file)));
    expect(graphiqlTabs()[0]?.query).toMatch(/^query KnowledgeBase \{/);
  });

  it('are valid operations against the committed schema, each named (the tab title)', () => {
    for (const tab of graphiqlTabs()) {
      const document = parse(tab.query ?? '');
      expect(validate(schema, document)).toEqual([]);
      const [operation] = document.definitions;
      expect(operation?.kind === 'OperationDefinition' && operation.name?.value).toBeTruthy();
    }
    const subscription = graphiqlTabs().find((t) => /^subscription /.test(t.query ?? ''));
    expect(subscription?.query).toContain('benchmarkRunProgress(runId: $runId)');
    expect(Object.keys(JSON.parse(subscription?.variables ?? '{}') as object)).toEqual(['runId']);
  });
});

describe('the GraphiQL page', () => {
  const render = createGraphiQLRenderer();
  const options = { ...graphiqlOptions(), endpoint: '/graphql' };
  const page = render(options);

  it('names no other origin for a script, style, font, icon or worker', () => {
    expect(page.length).toBeGreaterThan(1_000_000);
    expect(page).toContain('Compass GraphiQL');
    // Attributes and CSS that would make the browser fetch: only data: URIs, nothing absolute.
    const fetched = [...page.matchAll(/(?:src|href)\s*=\s*["']?([^"'\s>]+)|url\(\s*["']?([^"')]+)/g)].map(
      (m) => m[1] ?? m[2] ?? '',
    );
    expect(fetched.length).toBeGreaterThan(0);
    const remote = fetched.filter((url) => /^(https?:)?\/\//i.test(url));
    expect(remote).toEqual([]);
    expect(page).not.toMatch(/unpkg\.com|jsdelivr|cdnjs|fonts\.googleapis/);
  });

  it('uses graphql-ws for subscriptions; other options give another page', () => {
    expect(options.subscriptionsProtocol).toBe('WS');
    expect(page).toContain('"subscriptionsProtocol":"WS"');
    expect(render({ ...options, title: 'Other' })).toContain('<title>Other</title>');
  });
});
