import type { PrismaClient } from '../../db/clients.js';
import type { TrafficProfile, UseCase } from '../../db/generated/prisma/client.js';
import { DomainError } from '../../kernel/errors.js';
import { isIsoDate } from '../catalog/core/price-list.js';
import { peakLoad } from './core/load.js';
import { DEFAULT_GPU_MEMORY_UTILIZATION } from './core/memory-fit.js';
import type { IntentField, IntentFieldName } from '../intent/types.js';
import type { BenchmarkSourceKey, Priority, SloTargets } from './types.js';

export type { ExperienceClassKey } from '../../kernel/enums.js';
import type { ExperienceClassKey, IntentSource, PricingModelKey } from '../../kernel/enums.js';

/** What a client sends (DeploymentSpecInput): everything optional, the template fills the rest. */
export interface DeploymentSpecInput {
  useCaseKey?: string | null;
  promptTokens?: number | null;
  outputTokens?: number | null;
  slo?: Partial<SloTargets> | null;
  requestsPerSecond?: number | null;
  users?: number | null;
  requestsPerUserPerMinute?: number | null;
  headroomPercent?: number | null;
  priority?: Priority | null;
  gpuTypes?: string[] | null;
  maxGpus?: number | null;
  maxMonthlyCostUsd?: number | null;
  approvedOnly?: boolean | null;
  minQualityScore?: number | null;
  sources?: BenchmarkSourceKey[] | null;
  limit?: number | null;
  /** Keep only plans whose GPUs are free in the configured cluster (server/domains/cluster). */
  fitCluster?: boolean | null;
  /** Plan with this price list's prices instead of the catalog's (docs/recommendations.md, "Price lists"). */
  priceList?: string | null;
  /** YYYY-MM-DD the price list's entries must be effective on; default today (UTC). */
  priceDate?: string | null;
  pricingModel?: PricingModelKey | null;
  /** vLLM --gpu-memory-utilization the memory check holds plans to (0 < x ≤ 1; default 0.9). */
  gpuMemoryUtilization?: number | null;
  domains?: string[] | null;
  notes?: string[] | null;
}

/** A spec after defaults: what `extractIntent` returns and `recommend` echoes (DeploymentSpec). */
export interface ResolvedSpec {
  useCase: UseCase | null;
  trafficProfile: TrafficProfile;
  /** False when the prompt/output tokens match no profile: `trafficProfile` is then the nearest one. */
  exactProfile: boolean;
  promptTokens: number;
  outputTokens: number;
  slo: SloTargets;
  experienceClass: ExperienceClassKey;
  requestsPerSecond: number;
  loadDerivation: string;
  users: number | null;
  requestsPerUserPerMinute: number | null;
  headroomPercent: number;
  priority: Priority;
  gpuTypes: string[];
  maxGpus: number | null;
  maxMonthlyCostUsd: number | null;
  approvedOnly: boolean;
  minQualityScore: number | null;
  sources: BenchmarkSourceKey[];
  limit: number;
  fitCluster: boolean;
  priceList: string | null;
  priceDate: string | null;
  pricingModel: PricingModelKey | null;
  gpuMemoryUtilization: number;
  domains: string[];
  notes: string[];
}

/** Experience class from the TTFT target when no use case names one (thresholds of traffic_and_slos.md §3). */
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

function positive(value: number | null | undefined, argument: string, { allowZero = false } = {}): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw bad(`${argument} must be a ${allowZero ? 'non-negative' : 'positive'} number`, argument);
  }
}

export async function resolveSpec(prisma: PrismaClient, input: DeploymentSpecInput): Promise<ResolvedSpec> {
  const notes = [...(input.notes ?? [])];
  let useCase: (UseCase & { trafficProfile: TrafficProfile }) | null = null;
  if (input.useCaseKey) {
    useCase = await prisma.useCase.findUnique({
      where: { key: input.useCaseKey },
      include: { trafficProfile: true },
    });
    if (!useCase) throw bad(`unknown use case "${input.useCaseKey}"`, 'spec.useCaseKey');
  }
  const promptTokens = input.promptTokens ?? useCase?.trafficProfile.promptTokens;
  const outputTokens = input.outputTokens ?? useCase?.trafficProfile.outputTokens;
  if (promptTokens === undefined || outputTokens === undefined) {
    throw bad('give a useCaseKey, or both promptTokens and outputTokens', 'spec.useCaseKey');
  }
  if (
    !Number.isInteger(promptTokens) ||
    promptTokens < 1 ||
    !Number.isInteger(outputTokens) ||
    outputTokens < 1
  ) {
    throw bad('promptTokens and outputTokens must be positive integers', 'spec.promptTokens');
  }

  const template = useCase
    ? { ttftP95Ms: useCase.ttftP95Ms, itlP95Ms: useCase.itlP95Ms, e2eP95Ms: useCase.e2eP95Ms }
    : null;
  const slo = {
    ttftP95Ms: input.slo?.ttftP95Ms ?? template?.ttftP95Ms,
    itlP95Ms: input.slo?.itlP95Ms ?? template?.itlP95Ms,
    e2eP95Ms: input.slo?.e2eP95Ms ?? template?.e2eP95Ms,
  };
  if (slo.ttftP95Ms === undefined || slo.itlP95Ms === undefined || slo.e2eP95Ms === undefined) {
    throw bad('without a useCaseKey, give all three SLO targets', 'spec.slo');
  }
  for (const [key, value] of Object.entries(slo)) positive(value, `spec.slo.${key}`);

  positive(input.requestsPerSecond, 'spec.requestsPerSecond', { allowZero: true });
  positive(input.users, 'spec.users', { allowZero: true });
  positive(input.requestsPerUserPerMinute, 'spec.requestsPerUserPerMinute');
  positive(input.headroomPercent, 'spec.headroomPercent', { allowZero: true });
  positive(input.maxGpus, 'spec.maxGpus');
  positive(input.maxMonthlyCostUsd, 'spec.maxMonthlyCostUsd');
  if (input.minQualityScore != null && (input.minQualityScore < 0 || input.minQualityScore > 100)) {
    throw bad('minQualityScore must be within 0–100', 'spec.minQualityScore');
  }
  if (input.limit != null && (!Number.isInteger(input.limit) || input.limit < 1 || input.limit > 100)) {
    throw bad('limit must be an integer within 1–100', 'spec.limit');
  }
  const utilization = input.gpuMemoryUtilization;
  if (utilization != null && !(Number.isFinite(utilization) && utilization > 0 && utilization <= 1)) {
    throw bad('gpuMemoryUtilization must be within (0, 1]', 'spec.gpuMemoryUtilization');
  }
  if (input.priceDate != null && !isIsoDate(input.priceDate)) {
    throw bad('priceDate must be a YYYY-MM-DD date', 'spec.priceDate');
  }
  if ((input.priceDate != null || input.pricingModel != null) && !input.priceList) {
    throw bad('priceDate and pricingModel need a priceList', 'spec.priceList');
  }
  if (input.requestsPerSecond == null && input.users == null) {
    throw bad(
      'give the peak load: requestsPerSecond, or users (and optionally requestsPerUserPerMinute)',
      'spec.requestsPerSecond',
    );
  }
  const load = peakLoad(input);
  // users × requestsPerUserPerMinute can each be in range and still overflow to Infinity together.
  if (!Number.isFinite(load.requestsPerSecond)) {
    throw bad('users × requestsPerUserPerMinute is too large a load', 'spec.requestsPerUserPerMinute');
  }
  if (input.gpuTypes && input.gpuTypes.length > 0) {
    const gpus = await prisma.gpu.findMany({ select: { type: true, aliases: true } });
    const known = new Set(gpus.flatMap((g) => [g.type, ...g.aliases].map((name) => name.toLowerCase())));
    const unknown = input.gpuTypes.filter((name) => !known.has(name.toLowerCase()));
    if (unknown.length > 0) {
      throw bad(
        `unknown GPU type ${JSON.stringify(unknown[0]!.slice(0, 80))} (known: ${gpus.map((g) => g.type).join(', ')})`,
        'spec.gpuTypes',
      );
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
    useCase,
    trafficProfile,
    exactProfile: Boolean(exact),
    promptTokens,
    outputTokens,
    slo: slo as SloTargets,
    experienceClass: useCase?.experienceClass ?? experienceClassFor(slo.ttftP95Ms),
    requestsPerSecond: load.requestsPerSecond,
    loadDerivation: load.derivation,
    users: input.users ?? null,
    requestsPerUserPerMinute: input.requestsPerUserPerMinute ?? null,
    headroomPercent: input.headroomPercent ?? 0,
    priority: input.priority ?? 'BALANCED',
    gpuTypes: input.gpuTypes ?? [],
    maxGpus: input.maxGpus ?? null,
    maxMonthlyCostUsd: input.maxMonthlyCostUsd ?? null,
    approvedOnly: input.approvedOnly ?? false,
    minQualityScore: input.minQualityScore ?? null,
    sources: input.sources ?? [],
    limit: input.limit ?? 10,
    fitCluster: input.fitCluster ?? false,
    gpuMemoryUtilization: input.gpuMemoryUtilization ?? DEFAULT_GPU_MEMORY_UTILIZATION,
    priceList: input.priceList ?? null,
    priceDate: input.priceList ? (input.priceDate ?? new Date().toISOString().slice(0, 10)) : null,
    pricingModel: input.pricingModel ?? null,
    domains: input.domains ?? [],
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
