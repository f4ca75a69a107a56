import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useCaseTrainingExamples } from '../../perf/intent/corpus.js';
import {
  classifyUseCase,
  serializeModel,
  trainUseCaseModel,
  type UseCaseModel,
} from '../../server/domains/intent/core/use-case-classifier.js';
import { featureSpans, words } from '../../server/domains/intent/core/use-case-features.js';

const MODEL_URL = new URL('../../server/domains/intent/core/use-case-model.json', import.meta.url);

describe('use-case model', () => {
  it('the committed model is what `npm run train:intent` trains from the tuning part and the extra sentences', () => {
    const fresh = serializeModel(trainUseCaseModel(useCaseTrainingExamples()));
    expect(fresh).toBe(readFileSync(MODEL_URL, 'utf8'));
  });

  it('training is deterministic and depends on its examples', () => {
    const examples = [
      { text: 'translate manuals into German', useCaseKey: 'translation' as const },
      { text: 'a support chatbot for shoppers', useCaseKey: 'chatbot_conversational' as const },
    ];
    expect(trainUseCaseModel(examples)).toEqual(trainUseCaseModel(examples));
    expect(trainUseCaseModel(examples)).not.toEqual(trainUseCaseModel(examples.slice(0, 1)));
  });

  it('classifies with a model passed in, not only the committed one', () => {
    const model: UseCaseModel = trainUseCaseModel([
      { text: 'translate manuals into German', useCaseKey: 'translation' },
      { text: 'a support chatbot for shoppers', useCaseKey: 'chatbot_conversational' },
    ]);
    expect(classifyUseCase('German manuals', model).useCase).toBe('translation');
    expect(classifyUseCase('chatbot please', model).useCase).toBe('chatbot_conversational');
  });
});

describe('classifyUseCase', () => {
  // None of these sentences is in the training data (test/fixtures/intent/tuning.json, use-case-training.json).
  it.each([
    // Code generation described without the word "code".
    ['Implement backend services in Go from our design docs, 40 engineers', 'code_generation_detailed'],
    ['Build React front ends from a product brief for 30 devs', 'code_generation_detailed'],
    // Writing help for marketing teams.
    ['Our marketing people need help writing launch emails and web copy', 'content_generation'],
    ['copy for our brand team campaigns, 12 marketers', 'content_generation'],
    ['We need a chatbot for 1,000 users', 'chatbot_conversational'],
    ['a chatbot that summarizes emails', 'summarization_short'],
  ] as const)('%s → %s', (text, useCase) => {
    expect(classifyUseCase(text).useCase).toBe(useCase);
  });

  it.each(['Hello there', 'budget 5k a month, 100 users, H100 only'])(
    'names no use case for %j (no word points to a task)',
    (text) => {
      const result = classifyUseCase(text);
      expect(result.useCase).toBeNull();
      expect(result.evidence).toEqual([]);
    },
  );

  it('returns the deciding words with their character spans, in text order', () => {
    const text = 'Our marketing people need help writing launch emails and web copy';
    const { evidence, confidence } = classifyUseCase(text);
    expect(evidence.length).toBeGreaterThan(0);
    for (const e of evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    expect(evidence.map((e) => e.start)).toEqual([...evidence.map((e) => e.start)].sort((a, b) => a - b));
    expect(evidence.map((e) => e.text)).toContain('marketing');
    expect(confidence).toBeGreaterThan(0.5);
    expect(confidence).toBeLessThanOrEqual(1);
  });

  it('a keyword of the table is evidence as matched: "summarizes emails"', () => {
    expect(classifyUseCase('a chatbot that summarizes emails').evidence).toContainEqual({
      text: 'summarizes emails',
      start: 15,
      end: 32,
    });
  });

  it('ranks every class with a positive output, best first, the winner first', () => {
    const { useCase, ranking } = classifyUseCase('translate them after we write blog posts');
    expect(ranking[0]?.useCase).toBe(useCase);
    const scores = ranking.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(ranking.map((r) => r.useCase)).toContain('content_generation');
  });
});

describe('use-case features', () => {
  it('stems words, drops stop words and anything glued to a digit', () => {
    expect(words('We summarize A100s and 2k emails').map((w) => w.stem)).toEqual(['summar', 'email']);
  });

  it('pairs neighbours within a clause only, and adds the keyword matches', () => {
    const names = [...featureSpans('code review, generate tests').keys()];
    expect(names).toContain('code review');
    expect(names).not.toContain('review generat');
    expect(names).toContain('rule3:code_generation_detailed');
  });
});
