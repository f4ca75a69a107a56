// What moving the spec's validation to one zod schema costs (issue 20, "validation once"): the checks a
// recommend request ran on its DeploymentSpecInput before (resolveSpec's hand checks, then validateSpec
// twice: in recommendForSpec and again in recommendOnEvidence, RangeError) against one parse through
// `deploymentSpecInputSchema` (server/domains/recommend/core/spec-input.ts, via parseInput). No database:
// the use case's template is a constant, so only the checks and the defaults are timed.
// Same seeded corpus for both (about 1 in 8 inputs invalid); both must accept and reject the same inputs.
// `npm run bench:validation` (N inputs, ROUNDS rounds; the median round counts)
import { DomainError } from '../server/kernel/errors.js';
import { createRng } from '../server/kernel/rng.js';
import { parseInput } from '../server/kernel/validation.js';
import { isIsoDate } from '../server/domains/catalog/core/price-list.js';
import { peakLoad } from '../server/domains/recommend/core/load.js';
import {
  deploymentSpecInputSchema,
  type DeploymentSpecInput,
} from '../server/domains/recommend/core/spec-input.js';
import { heading, loadAverageLine, machineLine, table, verdict } from './support.js';

const N = Number(process.env.N ?? 20_000);
const ROUNDS = Number(process.env.ROUNDS ?? 7);
/** The chatbot_conversational template (docs/seed-data.md): what a use case fills in. */
const TEMPLATE = { promptTokens: 512, outputTokens: 256, ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 };

interface Checked {
  promptTokens: number;
  outputTokens: number;
  slo: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number };
  requestsPerSecond: number;
  headroomPercent: number;
  limit: number;
  gpuMemoryUtilization: number;
  maxGpus: number | null;
  maxMonthlyCostUsd: number | null;
}

// ---- before (main at cfee952): resolveSpec's hand checks, then validateSpec twice -----------------------
function bad(message: string, argument: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, { argument });
}
function positive(value: number | null | undefined, argument: string, { allowZero = false } = {}): void {
  if (value === null || value === undefined) return;
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw bad(`${argument} must be a ${allowZero ? 'non-negative' : 'positive'} number`, argument);
  }
}
function validateSpec(
  spec: Checked & { maxGpus: number | null; maxMonthlyCostUsd: number | null },
): string[] {
  const issues: string[] = [];
  const over = (name: string, v: number) => {
    if (!Number.isFinite(v) || v <= 0) issues.push(`${name} must be > 0, got ${v}`);
  };
  over('slo.ttftP95Ms', spec.slo.ttftP95Ms);
  over('slo.itlP95Ms', spec.slo.itlP95Ms);
  over('slo.e2eP95Ms', spec.slo.e2eP95Ms);
  if (!Number.isFinite(spec.requestsPerSecond) || spec.requestsPerSecond < 0) {
    issues.push(`requestsPerSecond must be ≥ 0, got ${spec.requestsPerSecond}`);
  }
  if (!Number.isFinite(spec.headroomPercent) || spec.headroomPercent < 0) {
    issues.push(`headroomPercent must be ≥ 0, got ${spec.headroomPercent}`);
  }
  if (spec.maxGpus !== null && !(spec.maxGpus >= 0)) issues.push(`maxGpus must be ≥ 0, got ${spec.maxGpus}`);
  if (spec.maxMonthlyCostUsd !== null && !(spec.maxMonthlyCostUsd >= 0)) {
    issues.push(`maxMonthlyCostUsd must be ≥ 0, got ${spec.maxMonthlyCostUsd}`);
  }
  return issues;
}
function before(input: DeploymentSpecInput): Checked {
  const promptTokens = input.promptTokens ?? TEMPLATE.promptTokens;
  const outputTokens = input.outputTokens ?? TEMPLATE.outputTokens;
  if (
    !Number.isInteger(promptTokens) ||
    promptTokens < 1 ||
    !Number.isInteger(outputTokens) ||
    outputTokens < 1
  ) {
    throw bad('promptTokens and outputTokens must be positive integers', 'spec.promptTokens');
  }
  const slo = {
    ttftP95Ms: input.slo?.ttftP95Ms ?? TEMPLATE.ttftP95Ms,
    itlP95Ms: input.slo?.itlP95Ms ?? TEMPLATE.itlP95Ms,
    e2eP95Ms: input.slo?.e2eP95Ms ?? TEMPLATE.e2eP95Ms,
  };
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
    throw bad('give the peak load', 'spec.requestsPerSecond');
  }
  const load = peakLoad(input);
  if (!Number.isFinite(load.requestsPerSecond)) {
    throw bad('users × requestsPerUserPerMinute is too large a load', 'spec.requestsPerUserPerMinute');
  }
  const resolved = {
    promptTokens,
    outputTokens,
    slo,
    requestsPerSecond: load.requestsPerSecond,
    headroomPercent: input.headroomPercent ?? 0,
    limit: input.limit ?? 10,
    gpuMemoryUtilization: input.gpuMemoryUtilization ?? 0.9,
    maxGpus: input.maxGpus ?? null,
    maxMonthlyCostUsd: input.maxMonthlyCostUsd ?? null,
  };
  for (let i = 0; i < 2; i += 1) {
    const issues = validateSpec(resolved);
    if (issues.length > 0) throw new RangeError(`invalid recommendation spec: ${issues.join('; ')}`);
  }
  return resolved;
}

// ---- after: one parse, the template fills what the sender left out --------------------------------------
function after(raw: DeploymentSpecInput): Checked {
  const input = parseInput(deploymentSpecInputSchema, raw, 'spec');
  return {
    promptTokens: input.promptTokens ?? TEMPLATE.promptTokens,
    outputTokens: input.outputTokens ?? TEMPLATE.outputTokens,
    slo: {
      ttftP95Ms: input.slo?.ttftP95Ms ?? TEMPLATE.ttftP95Ms,
      itlP95Ms: input.slo?.itlP95Ms ?? TEMPLATE.itlP95Ms,
      e2eP95Ms: input.slo?.e2eP95Ms ?? TEMPLATE.e2eP95Ms,
    },
    requestsPerSecond: peakLoad(input).requestsPerSecond,
    headroomPercent: input.headroomPercent,
    limit: input.limit,
    gpuMemoryUtilization: input.gpuMemoryUtilization,
    maxGpus: input.maxGpus,
    maxMonthlyCostUsd: input.maxMonthlyCostUsd,
  };
}

// ---- the corpus ----------------------------------------------------------------------------------------
const rng = createRng(20);
const pick = <T>(values: readonly T[]): T => values[rng.int(values.length)]!;
const BROKEN: DeploymentSpecInput[] = [
  { requestsPerSecond: -3 },
  { minQualityScore: 140 },
  { limit: 0 },
  { gpuMemoryUtilization: 1.5 },
  { priceList: 'team-a', priceDate: '2026-13-01' },
  { slo: { ttftP95Ms: 0 } },
  { requestsPerSecond: null, users: null },
];
function corpusInput(): DeploymentSpecInput {
  const spec: DeploymentSpecInput = {
    useCaseKey: 'chatbot_conversational',
    ...(rng.uniform() < 0.5
      ? { requestsPerSecond: Math.round(rng.uniform() * 500) / 10 }
      : { users: 100 + rng.int(20_000), requestsPerUserPerMinute: 1 + rng.int(4) }),
    priority: pick(['COST', 'LATENCY', 'ACCURACY', 'BALANCED'] as const),
  };
  if (rng.uniform() < 0.3) spec.slo = { ttftP95Ms: 100 + rng.int(900) };
  if (rng.uniform() < 0.3) spec.gpuTypes = [pick(['H100', 'A100-80', 'L4'])];
  if (rng.uniform() < 0.3) spec.maxMonthlyCostUsd = 1000 + rng.int(50_000);
  if (rng.uniform() < 0.2) spec.maxGpus = 1 + rng.int(32);
  if (rng.uniform() < 0.2) spec.limit = 1 + rng.int(20);
  if (rng.uniform() < 0.2) spec.headroomPercent = rng.int(50);
  if (rng.uniform() < 0.1) Object.assign(spec, { priceList: 'team-a', priceDate: '2026-03-01' });
  if (rng.uniform() < 0.125) Object.assign(spec, pick(BROKEN));
  return spec;
}
const corpus = Array.from({ length: N }, corpusInput);

function outcome(check: (input: DeploymentSpecInput) => Checked, input: DeploymentSpecInput): string {
  try {
    return JSON.stringify(check(input));
  } catch (error) {
    if (error instanceof DomainError || error instanceof RangeError) return 'rejected';
    throw error;
  }
}
const differing = corpus.filter((input) => outcome(before, input) !== outcome(after, input));
const disagreements = differing.length;
if (process.env.DEBUG && differing[0])
  console.log(differing[0], outcome(before, differing[0]), outcome(after, differing[0]));
const rejected = corpus.filter((input) => outcome(after, input) === 'rejected').length;

function round(check: (input: DeploymentSpecInput) => Checked): number {
  const started = performance.now();
  for (const input of corpus) {
    try {
      check(input);
    } catch {
      // a rejected input is part of the work
    }
  }
  return ((performance.now() - started) * 1000) / corpus.length; // µs per input
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

for (let i = 0; i < 2; i += 1) {
  round(before);
  round(after);
}
const beforeUs: number[] = [];
const afterUs: number[] = [];
for (let i = 0; i < ROUNDS; i += 1) {
  beforeUs.push(round(before));
  afterUs.push(round(after));
}
const b = median(beforeUs);
const a = median(afterUs);
process.stdout.write(
  `${heading('spec validation: hand checks (before) vs one zod parse (after)')}${await machineLine()}\n` +
    `${N} inputs (${rejected} invalid), ${ROUNDS} rounds after 2 warm-up rounds; median round\n\n` +
    `${table([
      { path: 'before: hand checks + validateSpec ×2', 'µs per input': b, 'min µs': Math.min(...beforeUs) },
      { path: 'after: deploymentSpecInputSchema', 'µs per input': a, 'min µs': Math.min(...afterUs) },
    ])}\n\n` +
    `after / before: ${(a / b).toFixed(2)}×; accept/reject or output differs on ${disagreements} of ${N} inputs\n` +
    `limit: after < 50 µs per input (1 ‰ of the 50 ms recommend p95 target): ${verdict(a < 50)}; ${loadAverageLine()}\n`,
);
process.exitCode = disagreements === 0 ? 0 : 1;
