/**
 * The `openai` kind: one unit of work is one streamed completion against an OpenAI-compatible
 * server (openai-client.ts), its prompt from the recipe's `data` (prompts.ts).
 */
import {
  sendStreamingRequest,
  warmUpConnection,
  type RequestTiming,
  type StreamingRequest,
} from '../openai-client.js';
import { loadPromptSource, type PromptSpec } from '../prompts.js';
import type { OpenAiRecipe, OpenAiTarget } from '../../recipe.js';
import type { Measured, PreparedTarget, PrepareOptions, UnitContext } from './types.js';

export type SendRequest = (target: OpenAiTarget, request: StreamingRequest) => Promise<RequestTiming>;

export function measureTiming(timing: RequestTiming, promptTokens: number): Measured {
  return {
    ok: timing.ok,
    error: timing.ok ? null : timing.error,
    aborted: !timing.ok && timing.errorKind === 'aborted',
    scheduledAt: timing.scheduledAt,
    sentAt: timing.sentAt,
    promptTokens: timing.promptTokens ?? promptTokens,
    outputTokens: timing.outputTokens,
    ttftMs: timing.ok ? timing.ttftMs : null,
    itlMs: timing.ok ? timing.itlMs : null,
    tpotMs: timing.ok ? timing.tpotMs : null,
    e2eMs: timing.ok ? timing.e2eMs : null,
  };
}

export async function prepareOpenAi(
  recipe: OpenAiRecipe,
  options: PrepareOptions & { send?: SendRequest },
): Promise<PreparedTarget<PromptSpec>> {
  const source = await loadPromptSource(recipe.data, options.baseDir);
  const send = options.send ?? sendStreamingRequest;
  if (!options.send && !options.signal?.aborted) await warmUpConnection(recipe.target);
  return {
    work: (seq, stream) => source.promptFor(seq, stream),
    issue: async (unit: UnitContext, spec: PromptSpec) => {
      const timing = await send(recipe.target, {
        prompt: spec.prompt,
        maxTokens: spec.maxTokens,
        signal: unit.signal,
        ...(unit.scheduledAt === undefined ? {} : { scheduledAt: unit.scheduledAt }),
        timeoutMs: unit.timeoutMs,
      });
      return measureTiming(timing, spec.promptTokens);
    },
    summarise: () => null,
    close: () => Promise.resolve(),
  };
}
