import { builder } from '../../../graphql/builder.js';
import { DomainError } from '../../../kernel/errors.js';
import { IMPORT_FORMATS } from '../import/types.js';
import { importBenchmarks, type ConfigChange, type ImportResult } from '../import-service.js';

/** Largest import accepted in one request (the file's text). Bigger exports are split or use the CLI in parts. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

const ImportFormatEnum = builder.enumType('ImportFormat', {
  description:
    'SUMMARIES_* are rows of the exported_summaries table; GUIDELLM_JSON is a GuideLLM benchmark report. See docs/imports.md.',
  values: IMPORT_FORMATS,
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

const ImportConfigChangeRef = builder.objectRef<ConfigChange>('ImportConfigChange');
ImportConfigChangeRef.implement({
  description:
    'What an import does (or, with dryRun, would do) to one model / GPU / GPU count / token config.',
  fields: (t) => ({
    modelHfRepo: t.exposeString('modelHfRepo'),
    hardware: t.exposeString('hardware', { description: 'The catalog GPU type.' }),
    hardwareCount: t.exposeInt('hardwareCount'),
    promptTokens: t.exposeInt('promptTokens'),
    outputTokens: t.exposeInt('outputTokens'),
    trafficProfile: t.exposeBoolean('trafficProfile', {
      description: 'False when the rows match no traffic profile and keep their own token counts.',
    }),
    inserts: t.exposeInt('inserts'),
    updates: t.exposeInt('updates'),
  }),
});

const ImportPayloadRef = builder.objectRef<ImportResult>('ImportBenchmarksPayload');
ImportPayloadRef.implement({
  fields: (t) => ({
    format: t.field({
      type: ImportFormatEnum,
      nullable: true,
      description: 'The format the content was read as; null when it could not be told.',
      resolve: (result) => result.format,
    }),
    detected: t.exposeBoolean('detected', {
      description: 'True when the format was detected from the content.',
    }),
    dryRun: t.exposeBoolean('dryRun', { description: 'True when nothing was written.' }),
    inserted: t.exposeInt('inserted', { description: 'Rows inserted (with dryRun: that would be).' }),
    updated: t.exposeInt('updated', { description: 'Rows updated (with dryRun: that would be).' }),
    configs: t.field({ type: [ImportConfigChangeRef], resolve: (result) => result.configs }),
    errors: t.field({ type: [ImportErrorRef], resolve: (result) => result.errors }),
    warnings: t.exposeStringList('warnings'),
  }),
});

const ImportInput = builder.inputType('ImportBenchmarksInput', {
  fields: (t) => ({
    format: t.field({
      type: ImportFormatEnum,
      required: false,
      description: 'Omit to detect the format from the content.',
    }),
    content: t.string({ required: true, description: "The file's text." }),
    model: t.string({
      required: false,
      description: 'The HF model id every row measured (overrides the file).',
    }),
    modelHfRepo: t.string({
      required: false,
      description: 'The same as `model` (the name of the API contract); give either, or both alike.',
    }),
    hardware: t.string({
      required: false,
      description: 'The GPU type or alias every row ran on (overrides the file).',
    }),
    hardwareCount: t.int({
      required: false,
      description: 'GPUs per replica (tensor parallel); overrides the file.',
    }),
    promptTokens: t.int({
      required: false,
      description: 'The traffic profile P of P×O; give with outputTokens.',
    }),
    outputTokens: t.int({
      required: false,
      description: 'The traffic profile O of P×O; give with promptTokens.',
    }),
    dryRun: t.boolean({ required: false, description: 'Report inserts/updates per config; write nothing.' }),
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
      return importBenchmarks(ctx.workerPrisma, input);
    },
  }),
);
