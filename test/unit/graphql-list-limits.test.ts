import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { listItemCost, oversizedList } from '../../server/graphql/list-limits.js';

const schema = buildSchema(`
  input Inner { tags: [String!] }
  input Outer { inner: Inner, entries: [Inner!] }
  type Query { nodes(ids: [ID!]!): Int, f(input: Outer): Int }
`);
const many = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
const check = (source: string, variables: Record<string, unknown> = {}) =>
  oversizedList(schema, parse(source), variables);

describe('oversizedList', () => {
  it('applies the nodes(ids:) cap of 100 to variables and literals', () => {
    expect(check('query($ids: [ID!]!) { nodes(ids: $ids) }', { ids: many(100) })).toBeNull();
    expect(check('query($ids: [ID!]!) { nodes(ids: $ids) }', { ids: many(101) })).toEqual({
      path: 'Query.nodes.ids',
      length: 101,
      limit: 100,
    });
    expect(check(`{ nodes(ids: [${many(101).map((t) => `"${t}"`)}]) }`)?.length).toBe(101);
  });

  it('applies 500 to lists nested in input objects, from variables or literals', () => {
    expect(check('query($i: Outer) { f(input: $i) }', { i: { inner: { tags: many(500) } } })).toBeNull();
    expect(check('query($i: Outer) { f(input: $i) }', { i: { inner: { tags: many(501) } } })).toMatchObject({
      path: 'Query.f.input.inner.tags',
      limit: 500,
    });
    expect(
      check('query($i: Outer) { f(input: $i) }', { i: { entries: [{ tags: [] }, { tags: many(600) }] } }),
    ).toMatchObject({ path: 'Query.f.input.entries.tags', length: 600 });
    expect(check(`{ f(input: { entries: [${many(501).map(() => '{}')}] }) }`)).toMatchObject({
      path: 'Query.f.input.entries',
      length: 501,
    });
  });
});

describe('listItemCost', () => {
  const cost = (source: string, variables: Record<string, unknown> = {}) =>
    listItemCost(parse(source), variables);

  it('counts list arguments and page sizes, from literals or variables', () => {
    expect(cost('{ a { b } }')).toBe(0);
    expect(cost('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: many(100) })).toBe(100);
    expect(cost('{ page(first: 50) { id } }')).toBe(50);
    expect(cost('query($n: Int) { page(last: $n) { id } }', { n: 70 })).toBe(70);
    expect(cost('{ page(after: "x", name: "y") { id } }')).toBe(0);
  });

  it('multiplies down nested pages and sums over aliases and fragments', () => {
    expect(cost('{ page(first: 500) { edges { node { inner(first: 500) { id } } } } }')).toBe(500 + 250_000);
    // Page sizes count as what the server serves: clamped to MAX_PAGE_SIZE.
    expect(cost('{ page(first: 100000) { id } }')).toBe(500);
    const aliases = Array.from(
      { length: 20 },
      (_, i) => `a${i}: nodes(ids: [${many(100).map((t) => `"${t}"`)}]) { id }`,
    );
    expect(cost(`{ ${aliases.join(' ')} }`)).toBe(2_000);
    expect(
      cost(
        '{ page(first: 10) { ...F } } fragment F on T { inner(first: 10) { id } ... on T { more(first: 2) { id } } }',
      ),
    ).toBe(10 + 100 + 20);
  });

  it('does not loop on a fragment that spreads itself', () => {
    expect(cost('{ page(first: 3) { ...F } } fragment F on T { child(first: 2) { ...F } }')).toBe(3 + 6);
  });
});
