import { describe, expect, it } from 'vitest';
import { reconnectDelayMs, shouldReconnect } from '../../client/src/api/backoff.js';
import { marginTone, usedFraction } from '../../client/src/charts/margin.js';
import { linearScale, logScale, niceStep, tickLabel } from '../../client/src/charts/scale.js';
import { foldProgress, progressFraction, type ProgressEvent } from '../../client/src/loadtest/progress.js';
import { curveLevels, formatLoad } from '../../client/src/loadtest/sweep-view.js';
import {
  defaultDeploymentName,
  nameProblem,
  targetFromParams,
} from '../../client/src/deploy/deploy-target.js';
import { extraMessage, foldStatus } from '../../client/src/deploy/status.js';
import { curveSeries, type CurveRow } from '../../client/src/explore/curve.js';
import type { SpecFieldsFragment } from '../../client/src/gql/graphql.js';
import { formatMoney, formatMs, formatUsd, rowLabel, shortRepo } from '../../client/src/format.js';
import { formFromSpec, invalidFields, parsePositive, toSpecInput } from '../../client/src/plan/spec-form.js';
import { hrefFor, parseHash } from '../../client/src/routing.js';

/** The client's pure parts (no browser): axis math, the spec form ↔ GraphQL input, routing, folding events. */

describe('chart scales', () => {
  it('picks 1/2/5 steps and widens the domain to whole steps', () => {
    expect(niceStep(100, 5)).toBe(20);
    expect(niceStep(7, 5)).toBe(2);
    expect(niceStep(0.9, 5)).toBe(0.2);
    const x = linearScale([3, 97], [0, 500]);
    expect(x.domain).toEqual([0, 100]);
    expect(x.ticks).toEqual([0, 20, 40, 60, 80, 100]);
    expect(x(50)).toBe(250);
    expect(linearScale([0.1, 0.7], [0, 1]).ticks).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
  });

  it('opens up a flat range and includes zero on request', () => {
    expect(linearScale([5, 5], [0, 1]).domain).toEqual([4.4, 5.6]);
    expect(linearScale([40, 60], [0, 1], { zero: true }).domain).toEqual([0, 60]);
  });

  it('log scale spans whole decades', () => {
    const y = logScale([5_000, 900_000], [0, 300]);
    expect(y.domain).toEqual([1_000, 1_000_000]);
    expect(y(10_000)).toBeCloseTo(100, 6);
    expect(y.ticks).toEqual([
      1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000,
    ]);
  });

  it('labels ticks briefly', () => {
    expect(tickLabel(1500)).toBe('1.5k');
    expect(tickLabel(2_000_000)).toBe('2M');
    expect(tickLabel(0.25)).toBe('0.25');
  });
});

describe('SLO margins and formatting', () => {
  it('colours margins: ≥ 30 % good, ≥ 10 % tight, below that bad', () => {
    expect([0.8, 0.3, 0.29, 0.1, 0.09, -0.2].map(marginTone)).toEqual([
      'good',
      'good',
      'warn',
      'warn',
      'bad',
      'bad',
    ]);
    expect(usedFraction(0.8)).toBeCloseTo(0.2, 10);
    expect(usedFraction(-0.5)).toBe(1);
  });

  it('formats money and latency', () => {
    expect(formatUsd(5475)).toBe('$5,475');
    expect(formatUsd(4.5)).toBe('$4.50');
    expect(formatMs(8.2587)).toBe('8.26 ms');
    expect(formatMs(43.9)).toBe('43.9 ms');
    expect(formatMs(1961.96)).toBe('1,962 ms');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(null)).toBe('—');
    expect(shortRepo('meta-llama/llama-3.1-8b-instruct')).toBe('llama-3.1-8b-instruct');
    expect(rowLabel('QmVuY2htYXJrOjU1Nzgx')).toBe('#55781'); // base64("Benchmark:55781")
    expect(rowLabel('not base64!')).toBe('not base64!');
  });
});

const chatbotSpec: SpecFieldsFragment = {
  useCase: { key: 'chatbot_conversational', name: 'Chatbot / Q&A' },
  trafficProfile: { name: 'interactive', promptTokens: 512, outputTokens: 256 },
  promptTokens: 512,
  outputTokens: 256,
  exactProfile: true,
  slo: { ttftP95Ms: 150, itlP95Ms: 20, e2eP95Ms: 7000 },
  experienceClass: 'CONVERSATIONAL',
  requestsPerSecond: 166.66666666666666,
  users: 5000,
  requestsPerUserPerMinute: 2,
  headroomPercent: 0,
  loadDerivation: '5,000 users × 2 req/min ÷ 60 = 166.67 req/s',
  priority: 'LATENCY',
  gpuTypes: ['H100'],
  excludedGpuTypes: ['L4'],
  maxGpus: null,
  maxMonthlyCostUsd: 40000,
  approvedOnly: false,
  minQualityScore: null,
  domains: [],
  notes: [],
  source: 'RULES',
};

describe('spec form', () => {
  it('keeps template SLOs as placeholders and only overrides what differs', () => {
    const form = formFromSpec(chatbotSpec, { ttftP95Ms: 150, itlP95Ms: 25, e2eP95Ms: 7000 });
    expect([form.ttftP95Ms, form.itlP95Ms, form.e2eP95Ms]).toEqual(['', '20', '']);
    expect(form.users).toBe('5000');
    expect(form.requestsPerSecond).toBe('');
    expect(toSpecInput(form)).toEqual({
      useCaseKey: 'chatbot_conversational',
      promptTokens: 512,
      outputTokens: 256,
      slo: { itlP95Ms: 20 },
      users: 5000,
      requestsPerUserPerMinute: 2,
      priority: 'LATENCY',
      gpuTypes: ['H100'],
      excludedGpuTypes: ['L4'],
      maxMonthlyCostUsd: 40000,
      approvedOnly: false,
      headroomPercent: 0,
    });
  });

  it('sends excluded GPU types only when some are ticked', () => {
    const form = formFromSpec(chatbotSpec, null);
    expect(form.excludedGpuTypes).toEqual(['L4']);
    expect(toSpecInput({ ...form, excludedGpuTypes: [] })).not.toHaveProperty('excludedGpuTypes');
    expect(toSpecInput({ ...form, excludedGpuTypes: ['MI300X', 'A10G'] }).excludedGpuTypes).toEqual([
      'A10G',
      'MI300X',
    ]);
  });

  it('sends the cluster toggle and price list only when chosen; costs stay in their currency', () => {
    const form = formFromSpec(chatbotSpec, null);
    expect(toSpecInput(form)).not.toHaveProperty('fitCluster');
    expect(toSpecInput(form)).not.toHaveProperty('priceList');
    const chosen = toSpecInput({ ...form, fitCluster: true, priceList: 'team-eu' });
    expect(chosen).toMatchObject({ fitCluster: true, priceList: 'team-eu' });
    expect(formatMoney(1533, 'EUR')).toBe('1,533 EUR');
    expect(formatMoney(12.5, 'EUR')).toBe('12.5 EUR');
    expect(formatMoney(1533)).toBe('$1,533');
  });

  it('requests/s overrides users; invalid numbers are flagged and left out', () => {
    const form = {
      ...formFromSpec(chatbotSpec, null),
      requestsPerSecond: '25',
      maxGpus: '2.5',
      users: 'lots',
    };
    expect(invalidFields(form)).toEqual(['users', 'maxGpus']);
    const input = toSpecInput(form);
    expect(input.requestsPerSecond).toBe(25);
    expect(input.users).toBeUndefined();
    expect(input.maxGpus).toBeUndefined();
    expect(input.slo).toEqual({ ttftP95Ms: 150, itlP95Ms: 20, e2eP95Ms: 7000 });
  });

  it('parses typed numbers', () => {
    expect(parsePositive('')).toBeUndefined();
    expect(parsePositive('5,000', true)).toBe(5000);
    expect(parsePositive('0')).toBeNull();
    expect(parsePositive('1.5', true)).toBeNull();
  });
});

describe('routing and deploy target', () => {
  it('parses and builds hashes', () => {
    const route = parseHash(
      '#/deploy?modelId=TW9kZWw6MQ%3D%3D&model=meta-llama%2Fllama-3.1-8b-instruct&gpuId=R3B1Ojk%3D&gpu=H100&gpuCount=2&replicas=3',
    );
    expect(route.screen).toBe('deploy');
    expect(targetFromParams(route.params)).toEqual({
      modelId: 'TW9kZWw6MQ==',
      model: 'meta-llama/llama-3.1-8b-instruct',
      gpuId: 'R3B1Ojk=',
      gpu: 'H100',
      gpuCount: 2,
      replicas: 3,
      monthlyCostUsd: null,
      promptTokens: null,
      outputTokens: null,
    });
    expect(parseHash('#/nowhere').screen).toBe('plan');
    expect(parseHash('').screen).toBe('plan');
    expect(hrefFor('benchmarks', { run: 'QmVu==' })).toBe('#/benchmarks?run=QmVu%3D%3D');
    expect(targetFromParams(new URLSearchParams('model=x&gpu=H100&gpuCount=1'))).toBeNull();
  });

  it('derives a valid InferenceService name', () => {
    expect(defaultDeploymentName('meta-llama/llama-3.1-8b-instruct', 'A100-80')).toBe(
      'llama-3-1-8b-instruct-a100-80',
    );
    expect(defaultDeploymentName('org/3b_model', 'H100')).toBe('b-model-h100');
    const long = defaultDeploymentName(`org/${'x'.repeat(80)}`, 'H100');
    expect(long).toHaveLength(53);
    expect(nameProblem(long)).toBeNull();
    expect(nameProblem('Bad_Name')).toMatch(/Lower-case/);
    expect(nameProblem('ends-')).toMatch(/Lower-case/);
  });
});

describe('live events', () => {
  const event = (patch: Partial<ProgressEvent>): ProgressEvent => ({
    runId: '1',
    phase: 'MEASURING',
    status: 'RUNNING',
    level: 1,
    levels: 4,
    completedRequests: 10,
    erroredRequests: 0,
    elapsedSeconds: 3,
    currentRps: 5,
    ttftP95Ms: 20,
    itlP95Ms: 5,
    e2eP95Ms: 300,
    message: null,
    ...patch,
  });

  it('keeps a bounded req/s history and reports the share done', () => {
    let view = { latest: null as ProgressEvent | null, rps: [] as number[] };
    for (let i = 0; i < 70; i++) view = foldProgress(view, event({ currentRps: i }));
    view = foldProgress(view, event({ currentRps: null }));
    expect(view.rps).toHaveLength(60);
    expect(view.rps[0]).toBe(10);
    expect(view.rps.at(-1)).toBe(69);
    expect(progressFraction(event({ level: 1, levels: 4 }))).toBe(0.25);
    expect(progressFraction(event({ status: 'SUCCEEDED' }))).toBe(1);
    expect(progressFraction(event({ level: null, levels: 0 }))).toBe(0);
  });

  it('logs deployment status changes once, without repeating what the pods say', () => {
    const at = new Date('2026-01-01T10:00:00Z');
    const pod = (ready: boolean, reason: string | null) => ({
      name: 'p-1',
      phase: ready ? 'Running' : 'Pending',
      ready,
      restarts: 0,
      reason,
      message: null,
    });
    const status = (phase: 'PENDING' | 'READY', ready: number, reason: string | null, message: string) => ({
      deploymentId: '1',
      phase,
      readyReplicas: ready,
      desiredReplicas: 1,
      message,
      pods: [pod(ready === 1, reason)],
    });
    let watch = foldStatus(
      { latest: null, events: [] },
      status('PENDING', 0, 'ContainerCreating', '0/1 replicas ready; pod p-1: ContainerCreating'),
      at,
    );
    watch = foldStatus(
      watch,
      status('PENDING', 0, 'ContainerCreating', '0/1 replicas ready; pod p-1: ContainerCreating'),
      at,
    );
    watch = foldStatus(watch, status('READY', 1, null, '1/1 replicas ready'), at);
    expect(watch.events.map((e) => e.text)).toEqual([
      'READY: 1/1 ready',
      'p-1: ContainerCreating',
      'PENDING: 0/1 ready',
    ]);
    expect(extraMessage('1/1 replicas ready')).toBeNull();
    expect(extraMessage('0/2 replicas ready; no node has H100')).toBe('no node has H100');
    expect(extraMessage(null)).toBeNull();
  });

  it('backs off reconnects exponentially up to 15 s and gives up on auth failures', () => {
    expect(reconnectDelayMs(0, () => 0.5)).toBe(500);
    expect(reconnectDelayMs(3, () => 0.5)).toBe(4000);
    expect(reconnectDelayMs(20, () => 1)).toBe(18_750);
    expect(reconnectDelayMs(20, () => 0)).toBe(11_250);
    expect(shouldReconnect(1006)).toBe(true);
    expect(shouldReconnect(undefined)).toBe(true);
    expect(shouldReconnect(4403)).toBe(false);
  });
});

describe('benchmark curves', () => {
  const row = (concurrency: number, rps: number, e2e: number, source: CurveRow['source']): CurveRow => ({
    id: `${source}${concurrency}`,
    concurrency,
    requestsPerSecond: rps,
    outputTokensPerSecond: rps * 256,
    source,
    ttft: { p50: 1, p95: 2 },
    itl: { p50: 3, p95: 4 },
    e2e: { p50: e2e / 2, p95: e2e },
  });

  it('one series per source, ordered by concurrency', () => {
    const series = curveSeries(
      [row(8, 4, 900, 'SYNTHETIC'), row(1, 0.5, 700, 'SYNTHETIC'), row(4, 2, 800, 'MEASURED')],
      'e2e',
    );
    expect(series.map((s) => s.name)).toEqual(['synthetic p95', 'measured p95']);
    expect(series[0]?.points.map((p) => [p.x, p.y])).toEqual([
      [0.5, 700],
      [4, 900],
    ]);
  });
});

describe('sweep view', () => {
  it('draws the curve through the analysed levels in load order, and prints loads with units', () => {
    const levels = [
      { level: 0, offeredLoad: 0.5, achievedRps: 0.5, analyzed: false },
      { level: 3, offeredLoad: 30.6, achievedRps: 30.6, analyzed: true },
      { level: 1, offeredLoad: 56.9, achievedRps: 56.9, analyzed: false },
      { level: 2, offeredLoad: 10, achievedRps: 10, analyzed: true },
      { level: 4, offeredLoad: 60, achievedRps: 52, analyzed: true },
    ];
    expect(curveLevels(levels).map((l) => l.level)).toEqual([2, 3, 4]);
    expect(formatLoad(24.9902, 'RATE', 'req/s')).toBe('25.0 req/s');
    expect(formatLoad(16, 'CONCURRENCY', 'connections')).toBe('16 connections');
  });
});
