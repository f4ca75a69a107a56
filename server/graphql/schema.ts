import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import { installPrebuiltFields } from './prebuilt.js';
import '../domains/catalog/schema.js';
import '../domains/knowledge/schema/benchmarks.js';
import '../domains/knowledge/schema/imports.js';
import '../domains/loadtest/schema/run-objects.js';
import '../domains/recommend/schema/recommendations.js';
import '../domains/loadtest/schema/runs.js';
import '../domains/loadtest/schema/run-tools.js';
import '../domains/llm-metrics/schema.js';
import '../domains/intent/schema.js';
import '../domains/deploy/schema.js';
import '../domains/cluster/schema.js';
import '../domains/observe/schema.js';
import '../domains/ops/schema/health.js';
import '../domains/ops/schema/insights.js';
import '../domains/auth/schema.js';

export const schema: GraphQLSchema = builder.toSchema();
installPrebuiltFields(schema);

/** The committed SDL snapshot (schema.graphql) is this string; a test fails when they drift. */
export function printSdl(): string {
  return printSchema(lexicographicSortSchema(schema));
}
