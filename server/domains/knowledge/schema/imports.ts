import { builder } from '../../../graphql/builder.js';
import { DomainError } from '../../../kernel/errors.js';
import { importBenchmarks, type ImportResult } from '../import-service.js';

/** Largest import accepted in one request (the file's text). Bigger exports are split or use the CLI in parts. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const ImportFormatEnum = builder.enumType('ImportFormat', {
  description:
    'SUMMARIES_* are rows of the exported_summaries table; GUIDELLM_JSON is a GuideLLM benchmark report.',
  values: ['SUMMARIES_JSON', 'SUMMARIES_CSV', 'GUIDELLM_JSON'] as const,
});

const ImportErrorRef = builder.objectRef<ImportResult['errors'][number]>('ImportError');
ImportErrorRef.implement({
  description: 'Why an import was rejected; nothing was written.',
  fields: (t) => ({
    row: t.exposeInt('row', {
      nullable: true,
      description: '1-based data row (CSV) or array position (JSON).',
    }),
    field: t.exposeString('field', { nullable: true }),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

const ImportPayloadRef = builder.objectRef<ImportResult>('ImportBenchmarksPayload');
ImportPayloadRef.implement({
  fields: (t) => ({
    inserted: t.exposeInt('inserted'),
    updated: t.exposeInt('updated'),
    errors: t.field({ type: [ImportErrorRef], resolve: (result) => result.errors }),
    warnings: t.exposeStringList('warnings'),
  }),
});

const ImportInput = builder.inputType('ImportBenchmarksInput', {
  fields: (t) => ({
    format: t.field({ type: ImportFormatEnum, required: true }),
    content: t.string({ required: true, description: "The file's text." }),
  }),
});

builder.mutationField('importBenchmarks', (t) =>
  t.field({
    type: ImportPayloadRef,
    description:
      'Imports benchmark rows as IMPORTED: all or nothing, idempotent (upsert on config_id). Admin.',
    authScopes: { admin: true },
    args: { input: t.arg({ type: ImportInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      if (Buffer.byteLength(input.content) > MAX_IMPORT_BYTES) {
        throw new DomainError(
          'BAD_USER_INPUT',
          `import content exceeds ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`,
        );
      }
      return importBenchmarks(ctx.workerPrisma, input.format, input.content);
    },
  }),
);
