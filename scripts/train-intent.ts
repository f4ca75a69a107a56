// `npm run train:intent`: trains the use-case classifier on the corpus's tuning part plus
// test/fixtures/intent/use-case-training.json and writes server/domains/intent/core/use-case-model.json
// (docs/intent.md "Use case"). `--cv` instead prints a 5-fold cross-validation on the tuning part
// (the held-out part is never read here).
import { writeFileSync } from 'node:fs';
import {
  classifyUseCase,
  serializeModel,
  trainUseCaseModel,
} from '../server/domains/intent/core/use-case-classifier.js';
import { loadCorpus, useCaseTrainingExamples } from '../perf/intent/corpus.js';

const MODEL_PATH = new URL('../server/domains/intent/core/use-case-model.json', import.meta.url);
const FOLDS = 5;

function crossValidate(): void {
  const tuning = loadCorpus('tuning');
  const all = useCaseTrainingExamples();
  const extra = all.slice(tuning.length);
  let right = 0;
  const wrong: string[] = [];
  for (let fold = 0; fold < FOLDS; fold += 1) {
    const train = all.slice(0, tuning.length).filter((_, i) => i % FOLDS !== fold);
    const model = trainUseCaseModel([...train, ...extra]);
    tuning.forEach((row, i) => {
      if (i % FOLDS !== fold) return;
      const got = classifyUseCase(row.text, model);
      if (got.useCase === row.expect.useCaseKey) right += 1;
      else
        wrong.push(`${row.id} want ${row.expect.useCaseKey} got ${got.useCase} ${JSON.stringify(row.text)}`);
    });
  }
  const pct = ((100 * right) / tuning.length).toFixed(1);
  process.stdout.write(`${FOLDS}-fold cross-validation on tuning: ${right}/${tuning.length} = ${pct} %\n`);
  if (process.argv.includes('--show')) process.stdout.write(`${wrong.join('\n')}\n`);
}

if (process.argv.includes('--cv')) crossValidate();
else {
  const model = trainUseCaseModel(useCaseTrainingExamples());
  writeFileSync(MODEL_PATH, serializeModel(model));
  process.stdout.write(
    `wrote ${MODEL_PATH.pathname}: ${model.features.length} features, ${model.intents.length} classes\n`,
  );
}
