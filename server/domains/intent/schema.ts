import { builder } from '../../graphql/builder.js';
import { DomainError } from '../../kernel/errors.js';
import { DeploymentSpecRef } from '../recommend/schema/spec.js';
import { extractIntent } from './service.js';

/** Longest description accepted (a few paragraphs); longer text is a user error, not a model prompt. */
export const MAX_INTENT_CHARS = 4_000;

builder.mutationField('extractIntent', (t) =>
  t.field({
    type: DeploymentSpecRef,
    description:
      'Free text → an editable DeploymentSpec (rules, plus an LLM when COMPASS_LLM_URL is set). Viewer.',
    // Reading a description changes nothing but the LLM call log, so viewers may use it.
    authScopes: { viewer: true },
    skipTypeScopes: true,
    args: { text: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => {
      const text = args.text.trim();
      if (text.length === 0)
        throw new DomainError('BAD_USER_INPUT', 'describe the workload', { argument: 'text' });
      if (text.length > MAX_INTENT_CHARS) {
        throw new DomainError('BAD_USER_INPUT', `keep the description under ${MAX_INTENT_CHARS} characters`, {
          argument: 'text',
        });
      }
      return extractIntent(ctx.prisma, ctx.llm, ctx.logger, text);
    },
  }),
);
