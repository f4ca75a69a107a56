import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed operations for the web client: `graphql()` from client/src/gql/ returns a TypedDocumentNode
 * for every document written in client/src. The output is committed so the client builds without codegen.
 * The hook types the preset's one `any` (scripts/codegen-typed-lookup.mjs).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/src/**/*.{ts,tsx}', '!client/src/gql/**'],
  ignoreNoDocuments: false,
  hooks: { afterOneFileWrite: ['node scripts/codegen-typed-lookup.mjs'] },
  generates: {
    'client/src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        emitLegacyCommonJSImports: false,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
