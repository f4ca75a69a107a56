import type { DeploymentSpecInput, Priority, SpecFieldsFragment } from '../gql/graphql.js';
import type { Origins } from './provenance.js';

/**
 * The editable spec as the form holds it. Numbers are kept as the text typed, so an empty field means
 * "use the template / no limit" and a half-typed value is not lost; `toSpecInput` turns it into the
 * `recommend(spec:)` argument. Pure.
 */
export interface SpecForm {
  useCaseKey: string;
  promptTokens: number | null;
  outputTokens: number | null;
  ttftP95Ms: string;
  itlP95Ms: string;
  e2eP95Ms: string;
  users: string;
  requestsPerUserPerMinute: string;
  requestsPerSecond: string;
  priority: Priority;
  gpuTypes: string[];
  /** GPU types never to use (spec.excludedGpuTypes); they win over `gpuTypes`. */
  excludedGpuTypes: string[];
  maxGpus: string;
  maxMonthlyCostUsd: string;
  approvedOnly: boolean;
  /** Keep only plans that fit the free GPUs of the configured cluster (spec.fitCluster). */
  fitCluster: boolean;
  /** A price list's name (spec.priceList); '' = the catalog's list prices. */
  priceList: string;
  /** Carried from the extracted spec; not edited on the form. */
  headroomPercent: number | null;
  minQualityScore: number | null;
  domains: string[];
}

/** One turn of the conversation above the spec: what was said and what it changed. */
export interface PlanTurn {
  text: string;
  source: string;
  changed: string[];
  notes: string[];
}

export interface PlanState {
  text: string;
  form: SpecForm | null;
  /** What the extractor said about the last turn (source, notes), shown above the form. */
  extracted: { source: string; notes: string[] } | null;
  /** The conversation so far; each turn refined the spec the one before left. */
  turns: PlanTurn[];
  /** Where each field on the form came from (provenance.ts). */
  origins: Origins;
}

export const emptyPlan: PlanState = { text: '', form: null, extracted: null, turns: [], origins: {} };

export const PRIORITIES: { value: Priority; label: string; hint: string }[] = [
  { value: 'BALANCED', label: 'Balanced', hint: 'cost, latency and quality weighed together' },
  { value: 'COST', label: 'Cost', hint: 'cheapest first' },
  { value: 'LATENCY', label: 'Latency', hint: 'fastest E2E p95 first' },
  { value: 'ACCURACY', label: 'Accuracy', hint: 'highest model quality first' },
];

function text(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(Number(value.toPrecision(10)));
}

/** A starting form for a use case, before any text was described. */
export function formForUseCase(
  useCaseKey: string,
  tokens: { promptTokens: number; outputTokens: number },
): SpecForm {
  return {
    useCaseKey,
    promptTokens: tokens.promptTokens,
    outputTokens: tokens.outputTokens,
    ttftP95Ms: '',
    itlP95Ms: '',
    e2eP95Ms: '',
    users: '1000',
    requestsPerUserPerMinute: '',
    requestsPerSecond: '',
    priority: 'BALANCED',
    gpuTypes: [],
    excludedGpuTypes: [],
    maxGpus: '',
    maxMonthlyCostUsd: '',
    approvedOnly: false,
    fitCluster: false,
    priceList: '',
    headroomPercent: null,
    minQualityScore: null,
    domains: [],
  };
}

/**
 * The form for an extracted spec. SLO fields stay empty when they equal the use case's template, so the
 * template shows as the placeholder and a later use-case change brings its own targets.
 */
export function formFromSpec(
  spec: SpecFieldsFragment,
  template: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number } | null,
): SpecForm {
  const differs = (key: 'ttftP95Ms' | 'itlP95Ms' | 'e2eP95Ms') =>
    template === null || Math.abs(template[key] - spec.slo[key]) > 1e-9 ? text(spec.slo[key]) : '';
  const byUsers = spec.users !== null;
  return {
    useCaseKey: spec.useCase?.key ?? '',
    promptTokens: spec.promptTokens,
    outputTokens: spec.outputTokens,
    ttftP95Ms: differs('ttftP95Ms'),
    itlP95Ms: differs('itlP95Ms'),
    e2eP95Ms: differs('e2eP95Ms'),
    users: byUsers ? text(spec.users) : '',
    requestsPerUserPerMinute: byUsers ? text(spec.requestsPerUserPerMinute) : '',
    requestsPerSecond: byUsers ? '' : text(spec.requestsPerSecond),
    priority: spec.priority,
    gpuTypes: [...spec.gpuTypes],
    excludedGpuTypes: [...spec.excludedGpuTypes],
    maxGpus: text(spec.maxGpus),
    maxMonthlyCostUsd: text(spec.maxMonthlyCostUsd),
    approvedOnly: spec.approvedOnly,
    fitCluster: false,
    priceList: '',
    headroomPercent: spec.headroomPercent,
    minQualityScore: spec.minQualityScore,
    domains: [...spec.domains],
  };
}

/** Text → a positive number; blank is `undefined` (not given), anything else unusable is `null` (invalid). */
export function parsePositive(value: string, integer = false): number | undefined | null {
  const trimmed = value.trim().replace(/[,_\s]/g, '');
  if (trimmed === '') return undefined;
  const number = Number(trimmed);
  if (!Number.isFinite(number) || number <= 0) return null;
  if (integer && !Number.isInteger(number)) return null;
  return number;
}

const NUMERIC_FIELDS = {
  ttftP95Ms: false,
  itlP95Ms: false,
  e2eP95Ms: false,
  users: true,
  requestsPerUserPerMinute: false,
  requestsPerSecond: false,
  maxGpus: true,
  maxMonthlyCostUsd: false,
} as const satisfies Partial<Record<keyof SpecForm, boolean>>;

export type NumericField = keyof typeof NUMERIC_FIELDS;

/** Fields whose text is not a usable number (shown as invalid; left out of the request). */
export function invalidFields(form: SpecForm): NumericField[] {
  return (Object.keys(NUMERIC_FIELDS) as NumericField[]).filter(
    (key) => parsePositive(form[key], NUMERIC_FIELDS[key]) === null,
  );
}

export function toSpecInput(form: SpecForm): DeploymentSpecInput {
  const num = (key: NumericField) => parsePositive(form[key], NUMERIC_FIELDS[key]) ?? undefined;
  const input: DeploymentSpecInput = { priority: form.priority, approvedOnly: form.approvedOnly };
  if (form.useCaseKey) input.useCaseKey = form.useCaseKey;
  if (form.promptTokens !== null) input.promptTokens = form.promptTokens;
  if (form.outputTokens !== null) input.outputTokens = form.outputTokens;
  const slo = { ttftP95Ms: num('ttftP95Ms'), itlP95Ms: num('itlP95Ms'), e2eP95Ms: num('e2eP95Ms') };
  const sloGiven = Object.fromEntries(Object.entries(slo).filter(([, v]) => v !== undefined));
  if (Object.keys(sloGiven).length > 0) input.slo = sloGiven;
  const rps = num('requestsPerSecond');
  if (rps !== undefined) {
    input.requestsPerSecond = rps;
  } else {
    const users = num('users');
    if (users !== undefined) input.users = users;
    const perUser = num('requestsPerUserPerMinute');
    if (perUser !== undefined) input.requestsPerUserPerMinute = perUser;
  }
  if (form.gpuTypes.length > 0) input.gpuTypes = [...form.gpuTypes].sort();
  if (form.excludedGpuTypes.length > 0) input.excludedGpuTypes = [...form.excludedGpuTypes].sort();
  const maxGpus = num('maxGpus');
  if (maxGpus !== undefined) input.maxGpus = maxGpus;
  const budget = num('maxMonthlyCostUsd');
  if (budget !== undefined) input.maxMonthlyCostUsd = budget;
  if (form.fitCluster) input.fitCluster = true;
  if (form.priceList) input.priceList = form.priceList;
  if (form.headroomPercent !== null) input.headroomPercent = form.headroomPercent;
  if (form.minQualityScore !== null) input.minQualityScore = form.minQualityScore;
  if (form.domains.length > 0) input.domains = form.domains;
  return input;
}
