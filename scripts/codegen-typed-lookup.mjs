// graphql-codegen hook: the client preset's runtime lookup in gql.ts indexes the documents map
// through `any`; give it a real type. Runs on each generated file (path as the argument).
import { readFileSync, writeFileSync } from 'node:fs';

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const typed = text.replace('(documents as any)[source]', '(documents as Record<string, unknown>)[source]');
  if (typed !== text) writeFileSync(file, typed);
}
