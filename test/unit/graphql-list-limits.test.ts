import { buildSchema, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { oversizedList } from '../../server/graphql/list-limits.js';

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
