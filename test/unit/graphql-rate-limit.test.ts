import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { mutationFieldCount } from '../../server/graphql/rate-limit.js';

const count = (source: string, operationName: string | null = null) =>
  mutationFieldCount(parse(source), operationName);

describe('mutationFieldCount', () => {
  it('counts every root field and alias of a mutation', () => {
    expect(count('mutation { revokeApiToken(id: "1") }')).toBe(1);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: revokeApiToken(id: "${i}")`).join(' ');
    expect(count(`mutation { ${aliases} }`)).toBe(20);
  });

  it('counts fields inside fragments on the root, and not __typename', () => {
    const source = `
      mutation M { __typename ...Two ... on Mutation { c: revokeApiToken(id: "3") } }
      fragment Two on Mutation { a: revokeApiToken(id: "1") b: revokeApiToken(id: "2") }`;
    expect(count(source, 'M')).toBe(3);
  });

  it('counts the selected operation only; queries and subscriptions are free', () => {
    const source = `
      query Q { gpus { type } }
      mutation M { a: revokeApiToken(id: "1") b: revokeApiToken(id: "2") }
      subscription S { time }`;
    expect(count(source, 'Q')).toBe(0);
    expect(count(source, 'S')).toBe(0);
    expect(count(source, 'M')).toBe(2);
    expect(count('{ gpus { type } }')).toBe(0);
  });

  it('survives a fragment cycle (rejected later by validation)', () => {
    const source = `mutation { ...A } fragment A on Mutation { x: revokeApiToken(id: "1") ...B } fragment B on Mutation { ...A }`;
    expect(count(source)).toBe(1);
  });
});
