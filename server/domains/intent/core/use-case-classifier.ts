/**
 * The use-case classifier (docs/intent.md "Use case"): one-vs-rest perceptrons of nlp.js
 * (@nlpjs/neural) over stemmed words, word pairs and the keyword table's matches, trained by
 * `npm run train:intent` on the corpus's tuning part plus extra sentences, committed as
 * use-case-model.json. Training starts from zero weights and visits examples in order, so the same
 * examples always give the same model (a unit test retrains and compares).
 */
import { NeuralNetwork, type NeuralNetworkJson, type TrainingExample } from '@nlpjs/neural';
import committedModel from './use-case-model.json' with { type: 'json' };
import { featureInput, featureSpans, isRuleFeature, type Span } from './use-case-features.js';
import { USE_CASE_KEYS, type UseCaseKey } from './use-case-keywords.js';

/** The class of texts that name no use case ("host a model for 50 people"). */
export const NO_USE_CASE = 'none';

export interface UseCaseExample {
  text: string;
  useCaseKey: UseCaseKey | null;
}

export type UseCaseModel = NeuralNetworkJson;

export interface UseCaseEvidence extends Span {
  text: string;
}

export interface UseCaseClassification {
  /** null: the text names no use case. */
  useCase: UseCaseKey | null;
  /** The winner's share of the squared outputs, 0..1 (nlp.js's normalisation). */
  confidence: number;
  /** The words that decided, in text order, overlapping spans merged. */
  evidence: UseCaseEvidence[];
  /** Every class with a positive output, best first, each with its own deciding words. */
  ranking: { useCase: UseCaseKey | null; score: number; evidence: UseCaseEvidence[] }[];
}

// nlp.js defaults but a learning rate of 0.2 (0.6 by default): 5-fold cross-validation on the tuning part
// 212 → 217 of 233 (scripts/train-intent.ts --cv; docs/intent.md).
const SETTINGS = { learningRate: 0.2 } as const;
/** Weights are stored rounded so the committed JSON stays small and diffs stay readable. */
const DECIMALS = 1e4;

export function trainUseCaseModel(examples: readonly UseCaseExample[]): UseCaseModel {
  const corpus: TrainingExample[] = examples.map((e) => ({
    input: featureInput(featureSpans(e.text)),
    output: { [e.useCaseKey ?? NO_USE_CASE]: 1 },
  }));
  const net = new NeuralNetwork({ ...SETTINGS });
  net.train(corpus);
  const json = net.toJSON();
  return {
    ...json,
    perceptrons: json.perceptrons.map((ws) => ws.map((w) => Math.round(w * DECIMALS) / DECIMALS)),
  };
}

/** The committed file's text: one line per perceptron, so a retrain diffs by class. */
export function serializeModel(model: UseCaseModel): string {
  const head = JSON.stringify({ settings: model.settings, features: model.features, intents: model.intents });
  const rows = model.perceptrons.map((p) => JSON.stringify(p)).join(',\n');
  return `${head.slice(0, -1)},"perceptrons":[\n${rows}\n]}\n`;
}

const networks = new WeakMap<UseCaseModel, NeuralNetwork>();
function network(model: UseCaseModel): NeuralNetwork {
  let net = networks.get(model);
  if (!net) {
    net = new NeuralNetwork();
    net.fromJSON(model);
    networks.set(model, net);
  }
  return net;
}

function asUseCase(label: string): UseCaseKey | null {
  return (USE_CASE_KEYS as readonly string[]).includes(label) ? (label as UseCaseKey) : null;
}

/** Features that pushed the winner most: positive weights at least a quarter of the strongest, at most 4. */
function evidenceFor(
  text: string,
  net: NeuralNetwork,
  input: Record<string, number>,
  spans: Map<string, Span[]>,
  label: string,
): UseCaseEvidence[] {
  const explained = net.explain(input, label);
  const weights = 'weights' in explained ? explained.weights : {};
  const ranked = Object.entries(weights)
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const top = ranked[0]?.[1] ?? 0;
  const chosen = ranked.filter(([, w]) => w >= top / 4).slice(0, 4);
  const merged: Span[] = [];
  for (const s of chosen.flatMap(([name]) => spans.get(name) ?? []).sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged.map((s) => ({ text: text.slice(s.start, s.end), start: s.start, end: s.end }));
}

/** Which use case a description names, how sure, and the words that decided. Pure. */
export function classifyUseCase(
  text: string,
  model: UseCaseModel = committedModel as UseCaseModel,
): UseCaseClassification {
  const spans = featureSpans(text);
  const input = featureInput(spans);
  const net = network(model);
  const outputs = net.run(input) ?? {};
  // A keyword of the table matched: the text names some task, so "none" is not an answer.
  const named = [...spans.keys()].some(isRuleFeature);
  const ranked = Object.entries(outputs)
    .filter(([label, v]) => v > 0 && !(named && label === NO_USE_CASE))
    .sort((a, b) => b[1] - a[1] || model.intents.indexOf(a[0]) - model.intents.indexOf(b[0]));
  const total = ranked.reduce((sum, [, v]) => sum + v * v, 0);
  const best = ranked[0];
  if (!best || total === 0) return { useCase: null, confidence: 0, evidence: [], ranking: [] };
  const ranking = ranked.map(([label, score]) => {
    const useCase = asUseCase(label);
    return { useCase, score, evidence: useCase === null ? [] : evidenceFor(text, net, input, spans, label) };
  });
  const winner = ranking[0]!;
  // Output from the biases alone (no known word pushed it) names nothing: "Hello there".
  if (winner.useCase !== null && winner.evidence.length === 0)
    return { useCase: null, confidence: 0, evidence: [], ranking };
  return {
    useCase: winner.useCase,
    confidence: (best[1] * best[1]) / total,
    evidence: winner.evidence,
    ranking,
  };
}
