import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../perf/intent/corpus.js';
import { fieldCorrect, SCORED_FIELDS, scoreCorpus, type ScoredIntent } from '../../perf/intent/score.js';

const NOTHING: ScoredIntent = {
  useCaseKey: 'chatbot_conversational',
  useCaseMatched: false,
  users: null,
  requestsPerSecond: null,
  requestsPerUserPerMinute: null,
  priority: 'BALANCED',
  gpuTypes: [],
  excludedGpuTypes: [],
  maxGpus: null,
  maxMonthlyCostUsd: null,
  approvedOnly: false,
  minQualityScore: null,
  headroomPercent: null,
  sloOverrides: {},
};

describe('intent corpus scoring', () => {
  it('holds at least 300 sentences, split 70/30 with no sentence in both parts', () => {
    const tuning = loadCorpus('tuning');
    const heldout = loadCorpus('heldout');
    expect(tuning.length + heldout.length).toBeGreaterThanOrEqual(300);
    expect(Math.abs(tuning.length / (tuning.length + heldout.length) - 0.7)).toBeLessThan(0.01);
    const seen = new Set(tuning.map((r) => r.text));
    expect(heldout.filter((r) => seen.has(r.text))).toEqual([]);
  });

  it('counts a spurious value as wrong, and numbers within 1 % as right', () => {
    const want = { useCaseKey: null, requestsPerSecond: 1e6 / 86_400 };
    expect(fieldCorrect('requestsPerSecond', { ...NOTHING, requestsPerSecond: 11.6 }, want)).toBe(true);
    expect(fieldCorrect('requestsPerSecond', { ...NOTHING, requestsPerSecond: 11.8 }, want)).toBe(false);
    expect(fieldCorrect('maxGpus', { ...NOTHING, maxGpus: 4 }, want)).toBe(false);
    expect(fieldCorrect('useCase', NOTHING, want)).toBe(true);
    expect(fieldCorrect('useCase', { ...NOTHING, useCaseMatched: true }, want)).toBe(false);
  });

  it('takes a vague count anywhere in its range and GPU lists in any order', () => {
    const want = {
      useCaseKey: 'translation',
      users: [200, 500] as [number, number],
      gpuTypes: ['L4', 'L40'],
    };
    expect(fieldCorrect('users', { ...NOTHING, users: 300 }, want)).toBe(true);
    expect(fieldCorrect('users', { ...NOTHING, users: 1000 }, want)).toBe(false);
    expect(fieldCorrect('gpuTypes', { ...NOTHING, gpuTypes: ['L40', 'L4'] }, want)).toBe(true);
    expect(fieldCorrect('gpuTypes', { ...NOTHING, gpuTypes: ['L40'] }, want)).toBe(false);
    expect(fieldCorrect('priority', NOTHING, want)).toBe(true);
  });

  it('scores whole sentences only when every field is right', async () => {
    const rows = [
      { id: '1', text: 'a', expect: { useCaseKey: null } },
      { id: '2', text: 'b', expect: { useCaseKey: null, users: 5 } },
    ];
    const score = await scoreCorpus(rows, () => NOTHING);
    expect(score.allRight).toBe(1);
    expect(score.perField.users).toBe(1);
    expect(score.results[1]!.wrong).toEqual(['users']);
  });

  it('counts no answer (an invalid LLM reply) as wrong on every field, even "not stated" ones', async () => {
    const rows = [{ id: '1', text: 'a', expect: { useCaseKey: null } }];
    const score = await scoreCorpus(rows, () => null);
    expect(score.allRight).toBe(0);
    expect(score.results[0]!.wrong).toEqual([...SCORED_FIELDS]);
    expect(Object.values(score.perField)).toEqual(SCORED_FIELDS.map(() => 0));
  });
});
