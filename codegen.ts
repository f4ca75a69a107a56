import type { CodegenConfig } from '@graphql-codegen/cli';

const presetConfig = {
  preset: 'client',
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    emitLegacyCommonJSImports: false,
    scalars: { DateTime: 'string', JSON: 'unknown' },
  },
} as const;

/**
 * Typed operations: `graphql()` from client/src/gql/ (the web client) and apps/cli/gql/ (the `compass`
 * CLI) returns a TypedDocumentNode for every document written beside it. The output is committed so
 * both build without codegen.
 * The hook types the preset's one `any` (scripts/codegen-typed-lookup.mjs).
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  hooks: { afterOneFileWrite: ['node scripts/codegen-typed-lookup.mjs'] },
  generates: {
    'client/src/gql/': { ...presetConfig, documents: ['client/src/**/*.{ts,tsx}', '!client/src/gql/**'] },
    'apps/cli/gql/': { ...presetConfig, documents: ['apps/cli/**/*.ts', '!apps/cli/gql/**'] },
  },
};

export default config;
