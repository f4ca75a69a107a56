import type { PrismaClient } from '../../db/clients.js';
import type { TrafficProfile, UseCase } from '../../db/generated/prisma/client.js';
import { DomainError } from '../../kernel/errors.js';
import { parseInput } from '../../kernel/validation.js';
import { peakLoad } from './core/load.js';
import { deploymentSpecInputSchema, type DeploymentSpecInput } from './core/spec-input.js';
import type { IntentField, IntentFieldName } from '../intent/types.js';
import type { RecommendSpec, SloTargets } from './types.js';

export type { ExperienceClassKey } from '../../kernel/enums.js';
import type { ExperienceClassKey, IntentSource, PricingModelKey } from '../../kernel/enums.js';

export type { DeploymentSpecInput } from './core/spec-input.js';

/** A spec after defaults: what `extractIntent` returns and `recommend` echoes (DeploymentSpec). */
export interface ResolvedSpec extends RecommendSpec {
  useCase: UseCase | null;
  trafficProfile: TrafficProfile;
  /** False when the prompt/output tokens match no profile: `trafficProfile` is then the nearest one. */
  exactProfile: boolean;
  experienceClass: ExperienceClassKey;
  loadDerivation: string;
  excludedGpuTypes: string[];
  users: number | null;
  requestsPerUserPerMinute: number | null;
  fitCluster: boolean;
  priceList: string | null;
  priceDate: string | null;
  pricingModel: PricingModelKey | null;
  gpuMemoryUtilization: number;
  domains: string[];
  notes: string[];
}

/** Experience class from the TTFT target when no use case names one (thresholds: docs/recommendations.md). */
export function experienceClassFor(ttftP95Ms: number): ExperienceClassKey {
  if (ttftP95Ms <= 100) return 'INSTANT';
  if (ttftP95Ms <= 300) return 'CONVERSATIONAL';
  if (ttftP95Ms <= 500) return 'INTERACTIVE';
  if (ttftP95Ms <= 1000) return 'DEFERRED';
  return 'BATCH';
}

function bad(message: string, argument: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { argument });
}

/**
 * A client's spec, checked once (core/spec-input.ts: every shape, range and default), then completed
 * from the database: the use case's template fills the tokens and SLO targets left out, the GPU types
 * must be in the catalog, and the tokens pick the traffic profile (or the nearest one).
 */
export async function resolveSpec(prisma: PrismaClient, raw: DeploymentSpecInput): Promise<ResolvedSpec> {
  const { useCaseKey, ...input } = parseInput(deploymentSpecInputSchema, raw, 'spec');
  const notes = [...input.notes];
  let useCase: (UseCase & { trafficProfile: TrafficProfile }) | null = null;
  if (useCaseKey) {
    useCase = await prisma.useCase.findUnique({
      where: { key: useCaseKey },
      include: { trafficProfile: true },
    });
    if (!useCase) throw bad(`unknown use case "${useCaseKey.slice(0, 80)}"`, 'spec.useCaseKey');
  }
  // The schema asked for tokens and all three targets when there is no use case to fill them.
  const promptTokens = input.promptTokens ?? useCase?.trafficProfile.promptTokens ?? 0;
  const outputTokens = input.outputTokens ?? useCase?.trafficProfile.outputTokens ?? 0;
  const slo: SloTargets = {
    ttftP95Ms: input.slo?.ttftP95Ms ?? useCase?.ttftP95Ms ?? 0,
    itlP95Ms: input.slo?.itlP95Ms ?? useCase?.itlP95Ms ?? 0,
    e2eP95Ms: input.slo?.e2eP95Ms ?? useCase?.e2eP95Ms ?? 0,
  };
  const load = peakLoad(input);
  const gpuLists = (['gpuTypes', 'excludedGpuTypes'] as const).filter((f) => input[f].length > 0);
  if (gpuLists.length > 0) {
    const gpus = await prisma.gpu.findMany({ select: { type: true, aliases: true } });
    const known = new Set(gpus.flatMap((g) => [g.type, ...g.aliases].map((name) => name.toLowerCase())));
    for (const field of gpuLists) {
      const unknown = input[field].filter((name) => !known.has(name.toLowerCase()));
      if (unknown.length > 0) {
        throw bad(
          `unknown GPU type ${JSON.stringify(unknown[0]!.slice(0, 80))} (known: ${gpus.map((g) => g.type).join(', ')})`,
          `spec.${field}`,
        );
      }
    }
  }

  const profiles = await prisma.trafficProfile.findMany({ orderBy: { promptTokens: 'asc' } });
  const exact = profiles.find((p) => p.promptTokens === promptTokens && p.outputTokens === outputTokens);
  const trafficProfile = exact ?? nearestProfile(profiles, promptTokens, outputTokens);
  if (!exact) {
    notes.push(
      `${promptTokens}→${outputTokens} tokens matches no benchmarked traffic profile; results are estimates ` +
        `fitted on the other profiles (nearest profile: ${trafficProfile.promptTokens}→${trafficProfile.outputTokens})`,
    );
  }

  return {
    ...input,
    useCase,
    trafficProfile,
    exactProfile: Boolean(exact),
    promptTokens,
    outputTokens,
    slo,
    experienceClass: useCase?.experienceClass ?? experienceClassFor(slo.ttftP95Ms),
    requestsPerSecond: load.requestsPerSecond,
    loadDerivation: load.derivation,
    priceDate: input.priceList ? (input.priceDate ?? new Date().toISOString().slice(0, 10)) : null,
    notes,
  };
}

function nearestProfile(
  profiles: TrafficProfile[],
  promptTokens: number,
  outputTokens: number,
): TrafficProfile {
  const distance = (p: TrafficProfile) =>
    Math.abs(Math.log(p.promptTokens / promptTokens)) + Math.abs(Math.log(p.outputTokens / outputTokens));
  const [first, ...rest] = profiles;
  if (!first) throw new DomainError('INTERNAL_SERVER_ERROR', 'the knowledge base has no traffic profiles');
  return rest.reduce((best, p) => (distance(p) < distance(best) ? p : best), first);
}

/** A resolved spec and which extractor produced it (the `DeploymentSpec` object). */
export type DeploymentSpecShape = ResolvedSpec & {
  source: IntentSource;
  /** Set by extractIntent: where each field came from, and what a follow-up turn changed. */
  fields?: IntentField[];
  changed?: IntentFieldName[];
};
