/**
 * Human-readable explanations. Every number a recommendation shows is written out with the
 * arithmetic that produced it, so it can be re-derived by hand from the benchmark rows.
 */
import { HOURS_PER_MONTH, type MetricMiss } from './capacity.js';
import type { Interpolation, LoadPoint } from './interpolate.js';
import type { BalancedWeights } from './rank.js';
import type {
  BenchmarkSourceKey,
  CandidateRow,
  ClusterFit,
  ConfigPlan,
  NearMissInfo,
  Priority,
  RejectionCode,
  SloTargets,
  TokenProfile,
} from '../types.js';

const formats = new Map<string, Intl.NumberFormat>();

/** Cached: building an Intl.NumberFormat per call costs more than everything else in recommend(). */
function format(minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${minDigits}/${maxDigits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat('en-US', {
      minimumFractionDigits: minDigits,
      maximumFractionDigits: maxDigits,
    });
    formats.set(key, f);
  }
  return f;
}

/** en-US grouping, at most `maxDigits` decimals, trailing zeros dropped: 7000 → "7,000", 102.2222 → "102.22". */
export function num(x: number, maxDigits = 2): string {
  return format(0, maxDigits).format(x);
}

export function usd(x: number, minDigits = 0): string {
  return `$${format(minDigits, 2).format(x)}`;
}

/** USD as "$1,234"; any other currency as given: "1,234 EUR" (never converted). */
export function money(x: number, currency = 'USD', minDigits = 0): string {
  return currency === 'USD' ? usd(x, minDigits) : `${format(minDigits, 2).format(x)} ${currency}`;
}

export function percent(ratio: number): string {
  return `${num(ratio * 100, 1)} %`;
}

function headroomFactor(headroomPercent: number): string {
  return format(2, 4).format(1 + headroomPercent / 100);
}

export function describeLoad(row: CandidateRow): string {
  return row.concurrency !== null ? `concurrency ${row.concurrency}` : `${num(row.requestsPerSecond)} req/s`;
}

/** "row #12", or "the estimate at concurrency 64" for an estimated row. */
function rowRef(row: CandidateRow): string {
  return row.estimated ? `the estimate at ${describeLoad(row)}` : `row #${row.benchmarkId}`;
}

export function describeRow(row: CandidateRow): string {
  const load = row.concurrency !== null ? `concurrency ${row.concurrency}, ` : '';
  const label = row.estimated ? 'estimate' : `#${row.benchmarkId}`;
  return (
    `${label} (${load}${num(row.requestsPerSecond)} req/s, p95 TTFT ${num(row.ttftP95)} / ` +
    `ITL ${num(row.itlP95)} / E2E ${num(row.e2eP95)} ms)`
  );
}

export function describeTargets(t: SloTargets): string {
  return `p95 TTFT ≤ ${num(t.ttftP95Ms)} ms, ITL ≤ ${num(t.itlP95Ms)} ms, E2E ≤ ${num(t.e2eP95Ms)} ms`;
}

/** "TTFT p95 212 ms > 150 ms target (+41.3 %), … at the lightest load (concurrency 1)". */
export function describeSloMiss(misses: readonly MetricMiss[], lightest: CandidateRow): string {
  const parts = misses.map(
    (m) => `${m.metric} p95 ${num(m.value)} ms > ${num(m.target)} ms target (+${percent(m.gap)})`,
  );
  return `${parts.join(', ')} at the lightest load (${describeLoad(lightest)})`;
}

function pointLabel(p: LoadPoint): string {
  const [only] = p.rows;
  if (p.rows.length === 1 && only) return rowRef(only);
  const labels = p.rows.map((r) => (r.estimated ? 'estimate' : `#${r.benchmarkId}`));
  return `rows ${labels.join(', ')} (merged: worst p95 of each metric)`;
}

function describeInterpolation(i: Interpolation, peakRps: number, replicas: number): string {
  const q = `Per-replica load q = ${num(peakRps)} / ${replicas} = ${num(i.load)} req/s`;
  const values = (p: SloTargets) =>
    `TTFT ${num(p.ttftP95Ms)}, ITL ${num(p.itlP95Ms)}, E2E ${num(p.e2eP95Ms)} ms`;
  switch (i.mode) {
    case 'BETWEEN': {
      const lo = i.lower;
      const hi = i.upper;
      const t = num(i.fraction, 4);
      const line = (name: string, a: number, b: number, v: number) =>
        `${name} p95 = ${num(a)} + ${t} × (${num(b)} − ${num(a)}) = ${num(v)} ms`;
      return (
        `${q}, between ${pointLabel(lo)} (${num(lo.requestsPerSecond)} req/s) and ${pointLabel(hi)} ` +
        `(${num(hi.requestsPerSecond)} req/s): t = (${num(i.load)} − ${num(lo.requestsPerSecond)}) / ` +
        `(${num(hi.requestsPerSecond)} − ${num(lo.requestsPerSecond)}) = ${t}; ` +
        `${line('TTFT', lo.predicted.ttftP95Ms, hi.predicted.ttftP95Ms, i.predicted.ttftP95Ms)}; ` +
        `${line('ITL', lo.predicted.itlP95Ms, hi.predicted.itlP95Ms, i.predicted.itlP95Ms)}; ` +
        `${line('E2E', lo.predicted.e2eP95Ms, hi.predicted.e2eP95Ms, i.predicted.e2eP95Ms)}.`
      );
    }
    case 'BELOW':
      return `${q}, below the lightest feasible ${pointLabel(i.lower)} (${num(i.lower.requestsPerSecond)} req/s): its p95s are used (${values(i.predicted)}).`;
    case 'ABOVE':
      return `${q}, above the heaviest feasible ${pointLabel(i.lower)} (${num(i.lower.requestsPerSecond)} req/s): its p95s are used (${values(i.predicted)}).`;
    case 'EXACT':
      return `${q}, exactly the req/s of ${pointLabel(i.lower)}: its p95s are used (${values(i.predicted)}).`;
  }
}

function describeMargins(targets: SloTargets, predicted: SloTargets, margins: SloTargets): string {
  const m = (name: string, t: number, p: number, r: number) =>
    `${name} (${num(t)} − ${num(p)}) / ${num(t)} = ${percent(r)}`;
  return (
    `SLO margins: ${m('TTFT', targets.ttftP95Ms, predicted.ttftP95Ms, margins.ttftP95Ms)}; ` +
    `${m('ITL', targets.itlP95Ms, predicted.itlP95Ms, margins.itlP95Ms)}; ` +
    `${m('E2E', targets.e2eP95Ms, predicted.e2eP95Ms, margins.e2eP95Ms)}.`
  );
}

export function describeReplicas(
  peakRps: number,
  headroomPercent: number,
  capacityRps: number,
  replicas: number,
): string {
  const ratio = (peakRps * (100 + headroomPercent)) / 100 / capacityRps;
  const inner = `ceil(${num(peakRps)} × ${headroomFactor(headroomPercent)} / ${num(capacityRps)})`;
  const shown =
    ratio < 1 && replicas === 1
      ? `max(1, ${inner}) = max(1, ceil(${num(ratio, 3)}))`
      : `${inner} = ceil(${num(ratio, 3)})`;
  return `${shown} = ${replicas} replica${replicas === 1 ? '' : 's'}`;
}

export function describeCost(
  replicas: number,
  gpuCount: number,
  hourlyPriceUsd: number,
  monthly: number,
  currency = 'USD',
): string {
  return (
    `${replicas} × ${gpuCount} × ${money(hourlyPriceUsd, currency, 2)}/h × ${HOURS_PER_MONTH} h = ` +
    `${money(monthly, currency)}/month`
  );
}

export function describeClusterFit(fit: ClusterFit, replicas: number, gpuCount: number): string {
  const need = `${replicas} replica${replicas === 1 ? '' : 's'} × ${gpuCount} ${fit.gpuType} = ${replicas * gpuCount} GPUs`;
  if (fit.fits)
    return `${need} of ${fit.free} free ${fit.gpuType} in the cluster; ${fit.freeAfter} left after this plan`;
  if (fit.free === 0) return `needs ${need}; the cluster has no free ${fit.gpuType}`;
  return (
    `needs ${need}; the cluster has ${fit.free} free ${fit.gpuType}, room for ${fit.placeableReplicas} ` +
    `replica${fit.placeableReplicas === 1 ? '' : 's'} (a replica's GPUs must share a node)`
  );
}

export function describeProfile(p: TokenProfile): string {
  return `${p.promptTokens}→${p.outputTokens}`;
}

export interface RecommendationExplanationInput {
  hfRepo: string;
  gpuType: string;
  gpuCount: number;
  hourlyPriceUsd: number;
  currency: string;
  priceSource: string | null;
  profile: TokenProfile;
  source: BenchmarkSourceKey;
  outranked: readonly BenchmarkSourceKey[];
  estimatedFrom: { benchmarkIds: number[]; profiles: TokenProfile[]; roofline?: string } | null;
  rowCount: number;
  feasibleCount: number;
  peakRps: number;
  headroomPercent: number;
  targets: SloTargets;
  plan: ConfigPlan;
  interpolation: Interpolation;
  usedRows: readonly CandidateRow[];
  margins: SloTargets;
  nearMiss: {
    info: NearMissInfo;
    misses: readonly MetricMiss[];
    lightest: CandidateRow;
    relaxed: SloTargets;
  } | null;
  cluster: ClusterFit | null;
  /** The memory check's line (memory-fit.ts), null when the model carries no memory facts. */
  memory: string | null;
}

export function explainRecommendation(x: RecommendationExplanationInput): string {
  const lines: string[] = [];
  const outranked =
    x.outranked.length > 0 ? `; its rows take precedence over ${x.outranked.join(', ')} rows` : '';
  lines.push(
    `${x.hfRepo} on ${x.gpuCount} × ${x.gpuType}, profile ${describeProfile(x.profile)}: ` +
      `${x.source} benchmarks (the most trusted source with rows for this config${outranked}).`,
  );
  if (x.estimatedFrom?.roofline) {
    lines.push(
      `ESTIMATE (roofline): ${x.hfRepo} has no benchmarks; its rows come from the performance model ` +
        `(docs/performance-model.md) applied to its config.json: ${x.estimatedFrom.roofline}. No measurement is behind them.`,
    );
  } else if (x.estimatedFrom) {
    const profiles = x.estimatedFrom.profiles.map(describeProfile).join(', ');
    const ids = x.estimatedFrom.benchmarkIds.map((id) => `#${id}`).join(', ');
    lines.push(
      `ESTIMATE: this config has no ${describeProfile(x.profile)} benchmarks; its rows are fitted on the ` +
        `config's rows of other profiles (${profiles}: ${ids}) — TTFT = a + b·prompt and ITL = c + d·(prompt + output) ` +
        `at the lightest concurrency, times load multipliers interpolated between neighbouring profiles ` +
        `(see docs/recommendations.md).`,
    );
  }
  const judged = x.nearMiss ? x.nearMiss.relaxed : x.targets;
  lines.push(`${x.rowCount} rows, ${x.feasibleCount} feasible (${describeTargets(judged)}).`);
  if (x.nearMiss) {
    const relaxedList = x.nearMiss.misses.map((m) => `${m.metric} to ${num(m.value)} ms`).join(', ');
    lines.push(
      `NEAR MISS: no row meets the targets; ${describeSloMiss(x.nearMiss.misses, x.nearMiss.lightest)}. ` +
        `Planned as if the target were relaxed (${relaxedList}).`,
    );
  }
  lines.push(`Rows used: ${x.usedRows.map(describeRow).join(', ')}.`);
  lines.push(
    `Capacity: C = ${num(x.plan.capacityRps)} req/s per replica (${rowRef(x.plan.capacityRow)}, ` +
      `the highest req/s among feasible rows).`,
  );
  lines.push(
    `Replicas: ${describeReplicas(x.peakRps, x.headroomPercent, x.plan.capacityRps, x.plan.replicas)}; ` +
      `GPUs: ${x.plan.replicas} × ${x.gpuCount} = ${x.plan.totalGpus}.`,
  );
  const cost = describeCost(x.plan.replicas, x.gpuCount, x.hourlyPriceUsd, x.plan.monthlyCostUsd, x.currency);
  lines.push(`Cost: ${cost}${x.priceSource ? ` (${x.priceSource})` : ''}.`);
  if (x.cluster) lines.push(`Cluster: ${describeClusterFit(x.cluster, x.plan.replicas, x.gpuCount)}.`);
  if (x.memory) lines.push(x.memory);
  lines.push(describeInterpolation(x.interpolation, x.peakRps, x.plan.replicas));
  lines.push(describeMargins(x.targets, x.plan.predicted, x.margins));
  return lines.join('\n');
}

export interface ResultCounts {
  considered: number;
  feasible: number;
  shown: number;
  nearMisses: number;
  nearMissesShown: number;
  rejected: number;
  rejectedByCode: Partial<Record<RejectionCode, number>>;
  skippedNoSource: number;
  skippedUnknown: number;
  estimated: number;
}

const CODE_LABELS: Record<RejectionCode, string> = {
  SLO_NOT_MET: 'SLO not met',
  OVER_BUDGET: 'over budget',
  OVER_GPU_CAP: 'over the GPU cap',
  NOT_ENOUGH_FREE_GPUS: 'not enough free GPUs in the cluster',
  NO_PRICE: 'no price in the price list',
  DOES_NOT_FIT_MEMORY: 'does not fit in GPU memory',
  NOT_APPROVED: 'not approved',
  BELOW_MIN_QUALITY: 'below minimum quality',
  GPU_TYPE_EXCLUDED: 'GPU type excluded',
};

export function describePriority(priority: Priority, weights: BalancedWeights): string {
  switch (priority) {
    case 'COST':
      return 'Priority COST: lowest monthly cost first, then lowest predicted E2E p95.';
    case 'LATENCY':
      return 'Priority LATENCY: lowest predicted E2E p95 first, then lowest monthly cost.';
    case 'ACCURACY':
      return 'Priority ACCURACY: highest model quality first, then lowest monthly cost.';
    case 'BALANCED': {
      const total = weights.accuracy + weights.cost + weights.latency;
      return (
        `Priority BALANCED: score = (${weights.accuracy}·quality + ${weights.cost}·cost + ${weights.latency}·latency) / ` +
        `${total}, each term min-max normalised over the candidates (1 = best), highest score first.`
      );
    }
  }
}

export interface ResultExplanationInput {
  priority: Priority;
  weights: BalancedWeights;
  profile: TokenProfile;
  peakRps: number;
  headroomPercent: number;
  targets: SloTargets;
  counts: ResultCounts;
}

export function explainResult(x: ResultExplanationInput): string {
  const c = x.counts;
  const byCode = (Object.entries(c.rejectedByCode) as [RejectionCode, number][])
    .map(([code, n]) => `${n} ${CODE_LABELS[code]}`)
    .join(', ');
  const lines = [
    describePriority(x.priority, x.weights),
    `Profile ${describeProfile(x.profile)}; peak load ${num(x.peakRps)} req/s + ${num(x.headroomPercent)} % headroom = ` +
      `${num((x.peakRps * (100 + x.headroomPercent)) / 100)} req/s to serve; targets ${describeTargets(x.targets)}.`,
    `${c.considered} configs considered: ${c.feasible} feasible (${c.shown} shown), ` +
      `${c.nearMisses} near misses within 20 % of a target (${c.nearMissesShown} shown), ` +
      `${c.rejected} rejected${byCode ? ` (${byCode})` : ''}` +
      (c.skippedNoSource > 0 ? `, ${c.skippedNoSource} skipped (no rows from the allowed sources)` : '') +
      (c.skippedUnknown > 0 ? `, ${c.skippedUnknown} skipped (model or GPU unknown)` : '') +
      '.',
  ];
  if (c.estimated > 0) {
    lines.push(
      `${c.estimated} configs had no exact benchmarks for this profile and were judged on estimated rows (flagged).`,
    );
  }
  return lines.join('\n');
}
