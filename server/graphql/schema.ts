import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import '../catalog/types.js';
import '../benchmarks/types.js';
import '../benchmarks/import-types.js';
import '../bench/run-types.js';
import '../recommend/graphql-types.js';
import '../bench/run-graphql.js';
import '../llm-metrics/graphql-types.js';
import '../intent/graphql-types.js';
import '../deploy/graphql-types.js';
import '../ops/types.js';
import '../ops/insights-types.js';
import '../auth/graphql-types.js';

export const schema: GraphQLSchema = builder.toSchema();

/** The committed SDL snapshot (schema.graphql) is this string; a test fails when they drift. */
export function printSdl(): string {
  return printSchema(lexicographicSortSchema(schema));
}
