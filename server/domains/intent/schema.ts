import { builder } from '../../graphql/builder.js';
import { INTENT_FIELD_SOURCES } from '../../kernel/enums.js';
import { DeploymentSpecInputRef, DeploymentSpecRef } from '../recommend/schema/spec.js';
import { extractIntent } from './service.js';
import type { EvidenceSpan, IntentField } from './types.js';

const IntentFieldSourceEnum = builder.enumType('IntentFieldSource', {
  description:
    "Where a spec field's value came from: the words of this turn (STATED), the base spec of a follow-up (CARRIED), or neither (DEFAULT).",
  values: INTENT_FIELD_SOURCES,
});

const EvidenceSpanRef = builder.objectRef<EvidenceSpan>('EvidenceSpan').implement({
  description: 'Words of the text and their UTF-16 offsets in it (end exclusive).',
  fields: (t) => ({
    text: t.exposeString('text'),
    start: t.exposeInt('start'),
    end: t.exposeInt('end'),
  }),
});

const IntentFieldRef = builder.objectRef<IntentField>('IntentField').implement({
  description: 'One field of an extracted spec and the words that set it.',
  fields: (t) => ({
    name: t.exposeString('name', {
      description:
        'The DeploymentSpecInput field (SLO targets as slo.ttftP95Ms, slo.itlP95Ms, slo.e2eP95Ms).',
    }),
    source: t.field({ type: IntentFieldSourceEnum, resolve: (field) => field.source }),
    evidence: t.field({
      type: [EvidenceSpanRef],
      description: 'Empty unless STATED; also empty for a value only the LLM read.',
      resolve: (field) => field.evidence,
    }),
  }),
});

builder.objectFields(DeploymentSpecRef, (t) => ({
  fields: t.field({
    type: [IntentFieldRef],
    description:
      'extractIntent: where each field came from (docs/intent.md). Empty on the spec recommend echoes.',
    resolve: (spec) => spec.fields ?? [],
  }),
  changed: t.stringList({
    description: 'extractIntent with a base: the fields the follow-up changed, named as in `fields`.',
    resolve: (spec) => spec.changed ?? [],
  }),
}));

builder.mutationField('extractIntent', (t) =>
  t.field({
    type: DeploymentSpecRef,
    description:
      'Free text → an editable DeploymentSpec (rules, plus an LLM when COMPASS_LLM_URL is set); with `base`, the text is a follow-up turn that refines that spec. Viewer.',
    // Reading a description changes nothing but the LLM call log, so viewers may use it.
    authScopes: { viewer: true },
    skipTypeScopes: true,
    args: {
      text: t.arg.string({ required: true }),
      base: t.arg({
        type: DeploymentSpecInputRef,
        required: false,
        description: 'The spec so far; the text refines it and `fields` / `changed` say what moved.',
      }),
    },
    resolve: (_root, args, ctx) => {
      return extractIntent(ctx.prisma, ctx.llm, ctx.logger, args.text, args.base ?? {});
    },
  }),
);
