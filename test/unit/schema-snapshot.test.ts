import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printSdl } from '../../server/graphql/schema.js';

describe('schema.graphql', () => {
  it('matches the schema the server builds (run `npm run schema:print` after changing it)', () => {
    expect(readFileSync('schema.graphql', 'utf8')).toBe(`${printSdl()}\n`);
  });

  it('keeps the names API.md promises', () => {
    const sdl = printSdl();
    for (const name of [
      'node(id: ID!): Node',
      'trafficProfiles: [TrafficProfile!]!',
      'useCases: [UseCase!]!',
      'useCase(key: String!): UseCase',
      'gpus: [Gpu!]!',
      'health: Health!',
    ]) {
      expect(sdl).toContain(name);
    }
    expect(sdl).toMatch(
      /models\(after: String, before: String, filter: ModelFilter, first: Int, last: Int\): ModelConnection!/,
    );
    expect(sdl).toMatch(
      /benchmarks\(after: String, before: String, filter: BenchmarkFilter, first: Int, last: Int\): BenchmarkConnection!/,
    );
  });
});
