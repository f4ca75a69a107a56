import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../perf/intent/corpus.js';
import { mergeEvidence } from '../../server/domains/intent/core/evidence.js';
import { findFollowUps } from '../../server/domains/intent/core/follow-up.js';
import { mergeIntents } from '../../server/domains/intent/core/merge.js';
import { refineSpec, type Turn } from '../../server/domains/intent/core/refine.js';
import { readWithEvidence } from '../../server/domains/intent/core/rules.js';
import type { IntentFieldName, IntentSpec } from '../../server/domains/intent/types.js';
import { TEST_CONTEXT } from './intent-fixtures.js';

function turn(text: string): Turn {
  return { text, ...readWithEvidence(text, TEST_CONTEXT) };
}

function refine<T extends IntentSpec>(base: T, text: string) {
  return refineSpec(base, turn(text));
}

function field(result: ReturnType<typeof refine>, name: IntentFieldName) {
  const found = result.fields.find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return { source: found.source, words: found.evidence.map((e) => e.text) };
}

/** The spec after a first turn that states most fields. */
const FIRST =
  'A customer-support chatbot for 5,000 users, latency is critical, on H100 or A100 GPUs, budget under $40k a month.';
const BASE: IntentSpec = {
  useCaseKey: 'chatbot_conversational',
  promptTokens: 512,
  outputTokens: 256,
  users: 5000,
  priority: 'LATENCY',
  gpuTypes: ['H100', 'A100-40', 'A100-80'],
  maxMonthlyCostUsd: 40000,
  approvedOnly: false,
};

describe('evidence of a first turn', () => {
  it('names the words of every stated field with their offsets, and defaults for the rest', () => {
    const r = refine({}, FIRST);
    expect(field(r, 'useCaseKey')).toEqual({ source: 'STATED', words: ['customer-support', 'chatbot'] });
    expect(field(r, 'users')).toEqual({ source: 'STATED', words: ['5,000 users'] });
    expect(field(r, 'priority')).toEqual({ source: 'STATED', words: ['latency is critical'] });
    expect(field(r, 'gpuTypes')).toEqual({ source: 'STATED', words: ['H100', 'A100'] });
    expect(field(r, 'maxMonthlyCostUsd')).toEqual({ source: 'STATED', words: ['$40k a month'] });
    for (const name of [
      'maxGpus',
      'approvedOnly',
      'minQualityScore',
      'slo.ttftP95Ms',
      'requestsPerSecond',
    ] as const) {
      expect(field(r, name)).toEqual({ source: 'DEFAULT', words: [] });
    }
    for (const f of r.fields) for (const e of f.evidence) expect(FIRST.slice(e.start, e.end)).toBe(e.text);
    const { promptTokens, outputTokens, approvedOnly, ...stated } = BASE;
    expect([promptTokens, outputTokens, approvedOnly]).toEqual([512, 256, false]);
    expect(r.spec).toMatchObject(stated);
    expect(r.spec.promptTokens).toBeUndefined();
  });

  it('marks an unrecognised use case and an assumed load as defaults', () => {
    const r = refine({}, 'something for our team');
    expect(r.spec).toMatchObject({ useCaseKey: 'chatbot_conversational', requestsPerSecond: 1 });
    expect(field(r, 'useCaseKey').source).toBe('DEFAULT');
    expect(field(r, 'requestsPerSecond').source).toBe('DEFAULT');
    expect(r.spec.notes?.join(' ')).toMatch(/no load stated; assumed 1 req\/s/);
  });

  it('quotes SLO targets, caps, quality floors, headroom and approved-only', () => {
    const text =
      'RAG over our PDFs, TTFT under 300 ms, at most 8 GPUs, quality score of at least 70, 20% headroom, approved models only';
    const r = refine({}, text);
    expect(r.spec).toMatchObject({
      useCaseKey: 'document_analysis_rag',
      slo: { ttftP95Ms: 300 },
      maxGpus: 8,
      minQualityScore: 70,
      headroomPercent: 20,
      approvedOnly: true,
    });
    expect(field(r, 'slo.ttftP95Ms').words).toEqual(['300 ms']);
    expect(field(r, 'maxGpus').words).toEqual(['8 GPUs']);
    expect(field(r, 'minQualityScore').words.join(' ')).toMatch(/quality score of at least 70/);
    expect(field(r, 'headroomPercent').words).toEqual(['20%']);
    expect(field(r, 'approvedOnly').words).toEqual(['approved models']);
    for (const f of r.fields) for (const e of f.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
  });

  it('keeps every span inside its sentence on the whole tuning corpus', () => {
    let spans = 0;
    for (const row of loadCorpus('tuning')) {
      const { evidence } = readWithEvidence(row.text, TEST_CONTEXT);
      for (const list of Object.values(evidence)) {
        for (const e of list) {
          spans++;
          expect(row.text.slice(e.start, e.end), row.text).toBe(e.text);
          expect(e.text.trim()).toBe(e.text);
        }
      }
    }
    expect(spans).toBeGreaterThan(300);
  });
});

describe('refineSpec: follow-up turns', () => {
  it('"make it 500 users" changes users only and carries the rest', () => {
    const r = refine(BASE, 'make it 500 users');
    expect(r.spec).toMatchObject({ ...BASE, users: 500 });
    expect(r.changed).toEqual(['users']);
    expect(field(r, 'users')).toEqual({ source: 'STATED', words: ['500 users'] });
    expect(field(r, 'useCaseKey').source).toBe('CARRIED');
    expect(field(r, 'maxMonthlyCostUsd').source).toBe('CARRIED');
    expect(field(r, 'maxGpus').source).toBe('DEFAULT');
    // No use case in the follow-up is not "no use case recognised": the base's is kept.
    expect(r.spec.notes?.join(' ')).not.toMatch(/no use case recognised/);
  });

  it('a new user count replaces a base request rate, and a new rate replaces base users', () => {
    const byRate = refine({ useCaseKey: 'translation', requestsPerSecond: 20 }, 'make it 500 users');
    expect(byRate.spec).toMatchObject({ users: 500, requestsPerSecond: null });
    expect(byRate.changed).toEqual(['users', 'requestsPerSecond']);
    const byUsers = refine(
      { useCaseKey: 'translation', users: 500, requestsPerUserPerMinute: 3 },
      'actually plan for 40 requests per second',
    );
    expect(byUsers.spec).toMatchObject({
      users: null,
      requestsPerUserPerMinute: null,
      requestsPerSecond: 40,
    });
    expect(byUsers.changed).toEqual(['users', 'requestsPerUserPerMinute', 'requestsPerSecond']);
  });

  it('"we can\'t use H100" removes it from the allowed GPUs and lists it in excludedGpuTypes', () => {
    const listed = refine(BASE, "we can't use H100");
    expect(listed.spec.gpuTypes).toEqual(['A100-40', 'A100-80']);
    expect(listed.spec.excludedGpuTypes).toEqual(['H100']);
    expect(listed.changed).toEqual(['gpuTypes', 'excludedGpuTypes']);
    expect(field(listed, 'gpuTypes').words).toEqual(['H100']);
    expect(field(listed, 'excludedGpuTypes')).toEqual({ source: 'STATED', words: ['H100'] });

    // No allow-list: it stays "all", and the exclusion says what is not (not every other type listed).
    const open = refine({ ...BASE, gpuTypes: [] }, "we can't use H100");
    expect(open.spec.gpuTypes).toEqual([]);
    expect(open.spec.excludedGpuTypes).toEqual(['H100']);
    expect(open.changed).toEqual(['excludedGpuTypes']);

    const only = refine({ ...BASE, gpuTypes: ['H100'] }, 'H100s are not available');
    expect(only.spec.gpuTypes).toEqual([]);
    expect(only.spec.excludedGpuTypes).toEqual(['H100']);
    expect(only.spec.notes?.join(' ')).toMatch(/any GPU except H100/);

    // Exclusions add up over turns; a GPU asked for again leaves the deny-list.
    const more = refine(open.spec, 'no L4 either');
    expect(more.spec.excludedGpuTypes).toEqual(['H100', 'L4']);
    const back = refine(more.spec, 'add H100s');
    expect(back.spec.excludedGpuTypes).toEqual(['L4']);
    expect(refine(more.spec, 'any GPU is fine').spec.excludedGpuTypes).toEqual([]);
  });

  it('"latency matters more than cost now" switches the priority', () => {
    const r = refine({ ...BASE, priority: 'COST' }, 'latency matters more than cost now');
    expect(r.spec.priority).toBe('LATENCY');
    expect(r.changed).toEqual(['priority']);
    expect(field(r, 'priority')).toEqual({ source: 'STATED', words: ['latency matters more'] });
  });

  it('withdrawing the base priority or asking for balance makes it BALANCED', () => {
    expect(refine({ ...BASE, priority: 'COST' }, "cost doesn't matter any more").spec.priority).toBe(
      'BALANCED',
    );
    const balanced = refine(BASE, 'make it balanced');
    expect(balanced.spec.priority).toBe('BALANCED');
    expect(field(balanced, 'priority').words).toEqual(['make it balanced']);
    // Withdrawing a priority the spec does not have changes nothing.
    expect(refine(BASE, "cost doesn't matter").changed).toEqual([]);
  });

  it('"drop the budget" clears it, quoting the phrase', () => {
    const r = refine(BASE, 'drop the budget');
    expect(r.spec.maxMonthlyCostUsd).toBeNull();
    expect(r.changed).toEqual(['maxMonthlyCostUsd']);
    expect(field(r, 'maxMonthlyCostUsd')).toEqual({ source: 'STATED', words: ['drop the budget'] });
  });

  it('clears other limits by name, and a value stated in the same turn wins over a clear', () => {
    const base: IntentSpec = {
      ...BASE,
      maxGpus: 4,
      minQualityScore: 80,
      headroomPercent: 20,
      approvedOnly: true,
      slo: { ttftP95Ms: 200, e2eP95Ms: 5000 },
    };
    const r = refine(
      base,
      'remove the GPU limit, no quality floor, forget the headroom, any model is fine, drop the TTFT target',
    );
    expect(r.spec).toMatchObject({
      maxGpus: null,
      minQualityScore: null,
      headroomPercent: null,
      approvedOnly: false,
      slo: { e2eP95Ms: 5000 },
    });
    expect(r.changed).toEqual([
      'maxGpus',
      'approvedOnly',
      'minQualityScore',
      'headroomPercent',
      'slo.ttftP95Ms',
    ]);
    expect(refine(BASE, 'no budget limit any more, well, say $10k a month').spec.maxMonthlyCostUsd).toBe(
      10000,
    );
    expect(refine(BASE, 'any GPU is fine').spec.gpuTypes).toEqual([]);
  });

  it('"add A100s" adds to the allowed GPUs; naming GPUs without "add" replaces them', () => {
    const added = refine({ ...BASE, gpuTypes: ['H100'] }, 'add A100s');
    expect(added.spec.gpuTypes).toEqual(['H100', 'A100-40', 'A100-80']);
    expect(field(added, 'gpuTypes').words).toEqual(['add', 'A100s']);
    expect(refine({ ...BASE, gpuTypes: ['H100'] }, 'L40S too').spec.gpuTypes).toEqual(['H100', 'L40S']);
    expect(refine({ ...BASE, gpuTypes: ['H100'] }, 'switch to L40S').spec.gpuTypes).toEqual(['L40S']);
    const open = refine({ ...BASE, gpuTypes: [] }, 'add A100s');
    expect(open.spec.gpuTypes).toEqual([]);
    expect(open.changed).toEqual([]);
  });

  it('"at most 4 GPUs" sets the cap', () => {
    const r = refine(BASE, 'at most 4 GPUs');
    expect(r.spec.maxGpus).toBe(4);
    expect(r.changed).toEqual(['maxGpus']);
  });

  it('scales users, load, budget and the GPU cap relative to the base', () => {
    expect(refine(BASE, 'double the users').spec.users).toBe(10000);
    expect(refine(BASE, 'plan for 50% more users').spec.users).toBe(7500);
    expect(refine(BASE, 'halve the budget').spec.maxMonthlyCostUsd).toBe(20000);
    expect(
      refine({ useCaseKey: 'translation', requestsPerSecond: 12 }, '3x the traffic').spec.requestsPerSecond,
    ).toBe(36);
    // Load scales users when the base has no rate.
    expect(refine(BASE, 'twice the traffic').spec.users).toBe(10000);
    const nothing = refine({ useCaseKey: 'translation', requestsPerSecond: 12 }, 'double the budget');
    expect(nothing.changed).toEqual([]);
    expect(nothing.spec.notes?.join(' ')).toMatch(/no budget/);
  });

  it('a new use case replaces the base, and drops the old template tokens', () => {
    const r = refine(BASE, 'actually we want to summarize long reports');
    expect(r.spec.useCaseKey).toBe('long_document_summarization');
    expect(r.spec.promptTokens).toBeUndefined();
    expect(r.spec.outputTokens).toBeUndefined();
    expect(r.changed).toEqual(['useCaseKey']);
    expect(field(r, 'useCaseKey').words.join(' ')).toMatch(/summarize long reports/);
  });

  it('a follow-up switches the use case only when the classifier is sure', () => {
    const t = turn('actually we want to summarize long reports');
    const unsure = refineSpec(BASE, { ...t, useCaseConfidence: 0.3 });
    expect(unsure.spec.useCaseKey).toBe('chatbot_conversational');
    expect(unsure.changed).toEqual([]);
    expect(field(unsure, 'useCaseKey').source).toBe('CARRIED');
    expect(unsure.spec.notes?.join(' ')).toMatch(/may mean long_document_summarization \(30 % sure/);
    const sure = refineSpec(BASE, { ...t, useCaseConfidence: 0.9 });
    expect(sure.spec.useCaseKey).toBe('long_document_summarization');
    // A first turn has nothing to keep: even a weak guess is better than the default.
    expect(refineSpec({}, { ...t, useCaseConfidence: 0.3 }).spec.useCaseKey).toBe(
      'long_document_summarization',
    );
  });

  it('a turn that says nothing new changes nothing and carries fields the extractor does not read', () => {
    const base = { ...BASE, priceList: 'reserved-2026', limit: 5, fitCluster: true };
    const r = refine(base, 'thanks, looks good');
    expect(r.changed).toEqual([]);
    expect(r.spec).toMatchObject(base);
    expect(r.fields.filter((f) => f.source === 'STATED')).toEqual([]);
    // The base is not modified.
    expect(base.users).toBe(5000);
  });

  it('a 3-turn conversation: each turn builds on the last', () => {
    const one = refine({}, 'chatbot for 2,000 users on H100s, budget $30k a month');
    const two = refine(one.spec, "make it 500 users, we can't use H100");
    const three = refine(two.spec, 'latency matters more than cost now, at most 4 GPUs');
    expect(one.spec).toMatchObject({ users: 2000, gpuTypes: ['H100'], maxMonthlyCostUsd: 30000 });
    expect(two.changed).toEqual(['users', 'gpuTypes', 'excludedGpuTypes']);
    expect(two.spec.gpuTypes).toEqual([]);
    expect(two.spec.excludedGpuTypes).toEqual(['H100']);
    expect(three.changed).toEqual(['priority', 'maxGpus']);
    expect(three.spec).toMatchObject({
      users: 500,
      priority: 'LATENCY',
      maxGpus: 4,
      maxMonthlyCostUsd: 30000,
    });
    expect(field(three, 'users').source).toBe('CARRIED');
  });
});

describe('follow-up phrases', () => {
  it('reads removals, additions, scales and withdrawn priorities', () => {
    expect(Object.keys(findFollowUps('drop the budget and the GPU limit').cleared)).toEqual([
      'maxMonthlyCostUsd',
    ]);
    expect(Object.keys(findFollowUps('drop the budget, remove the GPU limit').cleared)).toEqual([
      'maxMonthlyCostUsd',
      'maxGpus',
    ]);
    expect(findFollowUps('no more than 4 GPUs').cleared).toEqual({});
    expect(findFollowUps('budget of $5k').cleared).toEqual({});
    expect(findFollowUps('also allow L4').addGpus?.text).toBe('also allow');
    expect(findFollowUps('triple the users').scaled.users?.factor).toBe(3);
    expect(findFollowUps('20 percent less budget').scaled.maxMonthlyCostUsd?.factor).toBeCloseTo(0.8, 9);
    expect(findFollowUps('quality is no longer the priority').withdrawn.map((w) => w.priority)).toEqual([
      'ACCURACY',
    ]);
  });
});

describe('mergeEvidence (rules + LLM)', () => {
  it('keeps the rules spans where the merged value is the rules, and marks LLM-only values stated without spans', () => {
    const text = 'summarize emails for 5,000 users, budget $9k a month';
    const { intent: rules, evidence } = readWithEvidence(text, TEST_CONTEXT);
    const llm = { ...rules, users: 500, maxGpus: 4, priority: 'COST' as const, notes: [] };
    const merged = mergeIntents(rules, llm);
    const e = mergeEvidence(rules, evidence, merged);
    expect(e.users?.map((s) => s.text)).toEqual(['5,000 users']); // the text's number wins
    expect(e.maxMonthlyCostUsd?.map((s) => s.text)).toEqual(['$9k a month']);
    expect(e.maxGpus).toEqual([]); // only the LLM read it
    expect(e.priority).toEqual([]);
    expect(e.minQualityScore).toBeUndefined();
  });
});
