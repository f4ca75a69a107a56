import { describe, expect, it } from 'vitest';
import {
  originLabel,
  originsAfterEdit,
  originsAfterTurn,
  turnSummary,
  type TurnField,
} from '../../client/src/plan/provenance.js';
import { formForUseCase } from '../../client/src/plan/spec-form.js';

const stated = (name: string, ...words: string[]): TurnField => ({
  name,
  source: 'STATED',
  evidence: words.map((text) => ({ text })),
});
const carried = (name: string): TurnField => ({ name, source: 'CARRIED', evidence: [] });
const byDefault = (name: string): TurnField => ({ name, source: 'DEFAULT', evidence: [] });

describe('Plan provenance across turns', () => {
  it('stated words win, unchanged fields keep the turn that set them, the rest are defaults', () => {
    const one = originsAfterTurn(
      {},
      [stated('users', '2,000 users'), byDefault('maxGpus'), byDefault('priority')],
      ['users'],
      1,
    );
    expect(originLabel(one.users)).toBe('from “2,000 users” (turn 1)');
    expect(originLabel(one.maxGpus)).toBe('default');

    const two = originsAfterTurn(
      one,
      [carried('users'), stated('maxGpus', '4 GPUs'), byDefault('priority')],
      ['maxGpus'],
      2,
    );
    expect(originLabel(two.users)).toBe('from “2,000 users” (turn 1)');
    expect(originLabel(two.maxGpus)).toBe('from “4 GPUs” (turn 2)');

    // A BALANCED said in turn 2 is a default value next turn, but still the words of turn 2.
    const three = originsAfterTurn(
      { ...two, priority: { kind: 'stated', turn: 2, words: ['balanced'] } },
      [byDefault('priority')],
      [],
      3,
    );
    expect(originLabel(three.priority)).toBe('from “balanced” (turn 2)');
    // A field the turn cleared is not the old turn's any more.
    const four = originsAfterTurn(two, [byDefault('maxGpus')], ['maxGpus'], 4);
    expect(originLabel(four.maxGpus)).toBe('default');
  });

  it('an LLM-only value, a hand edit and a carried blank-spec value say so', () => {
    expect(originLabel(originsAfterTurn({}, [stated('priority')], ['priority'], 1).priority)).toBe(
      'read by the LLM (turn 1)',
    );
    expect(originLabel(originsAfterTurn({}, [carried('users')], [], 1).users)).toBe('kept from the spec');
    const form = formForUseCase('chatbot_conversational', { promptTokens: 512, outputTokens: 256 });
    const edited = originsAfterEdit({ users: { kind: 'default' } }, form, {
      ...form,
      users: '800',
      gpuTypes: ['L4'],
    });
    expect(originLabel(edited.users)).toBe('edited by you');
    expect(originLabel(edited.gpuTypes)).toBe('edited by you');
    expect(edited.maxGpus).toBeUndefined();
  });

  it('summarises a turn by the fields it changed', () => {
    expect(turnSummary(['users', 'gpuTypes'], false)).toBe('Changed: users, GPU types.');
    expect(turnSummary(['useCaseKey', 'slo.ttftP95Ms'], true)).toBe('Set: use case, TTFT.');
    expect(turnSummary([], false)).toBe('Nothing changed.');
  });
});
