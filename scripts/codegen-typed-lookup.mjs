// graphql-codegen hook: the client preset writes `any` in gql.ts twice (the runtime document lookup
// and the DocumentType helper); give both real types. Runs on each generated file (path as argument).
// `never` variables: any TypedDocumentNode<R, V> is assignable to TypedDocumentNode<unknown, never>.
import { readFileSync, writeFileSync } from 'node:fs';

const REPLACEMENTS = [
  ['(documents as any)[source]', '(documents as Record<string, unknown>)[source]'],
  [
    'export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;',
    'export type DocumentType<TDocumentNode extends DocumentNode<unknown, never>> = TDocumentNode extends DocumentNode<infer TType, never> ? TType : never;',
  ],
];

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const typed = REPLACEMENTS.reduce((current, [from, to]) => current.replace(from, to), text);
  if (typed !== text) writeFileSync(file, typed);
}
