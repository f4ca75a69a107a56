/**
 * "Benchmark this configuration" (Plan screen): the recipe that measures exactly one recommendation's
 * (model, GPU, GPU count) at the spec's traffic profile and SLOs, against the endpoint the user chooses.
 * Once the run has succeeded and is filed (ingestBenchmarkRun), its MEASURED rows outrank the SYNTHETIC
 * ones the recommendation rested on (docs/recommendations.md "Confidence"). Pure.
 */

export interface BenchmarkConfig {
  hfRepo: string;
  gpuType: string;
  gpuCount: number;
  promptTokens: number;
  outputTokens: number;
  slo: { ttftP95Ms: number; itlP95Ms: number; e2eP95Ms: number };
}

export interface BenchmarkTarget {
  /** OpenAI-compatible base URL of the endpoint serving the model on that hardware. */
  baseUrl: string;
  /** The model name that endpoint serves (vLLM: the repo id or --served-model-name). */
  servedModel: string;
  api: 'chat' | 'completions';
  /** Measurement window of each sweep level. */
  secondsPerLevel: number;
}

/** A sweep: a synchronous probe, a throughput probe and this many constant rates in between. */
export const SWEEP_LEVELS = 5;
export const DEFAULT_SECONDS_PER_LEVEL = 30;
export const DEFAULT_TARGET: BenchmarkTarget = {
  baseUrl: 'http://127.0.0.1:8000',
  servedModel: '',
  api: 'chat',
  secondsPerLevel: DEFAULT_SECONDS_PER_LEVEL,
};

/** A recipe name from the config: letters, digits, dots and dashes. */
export function recipeName(config: BenchmarkConfig): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const model = slug(config.hfRepo.slice(config.hfRepo.indexOf('/') + 1));
  return `plan-${model}-${config.gpuCount}x${slug(config.gpuType)}-${config.promptTokens}-${config.outputTokens}`;
}

// JSON strings are YAML double-quoted scalars: a value never breaks the document.
const quote = (text: string) => JSON.stringify(text);

/** The recipe YAML startBenchmarkRun takes; the server validates it (parseRecipe) as any other. */
export function benchmarkRecipeYaml(config: BenchmarkConfig, target: BenchmarkTarget): string {
  return [
    `name: ${quote(recipeName(config))}`,
    'target:',
    `  baseUrl: ${quote(target.baseUrl.trim())}`,
    `  model: ${quote(target.servedModel.trim() || config.hfRepo)}`,
    `  api: ${target.api}`,
    'data:',
    '  kind: synthetic',
    `  promptTokens: ${config.promptTokens}`,
    `  outputTokens: ${config.outputTokens}`,
    '  seed: 42',
    'load:',
    '  profile: sweep',
    `  sweepLevels: ${SWEEP_LEVELS}`,
    'limits:',
    `  maxSeconds: ${target.secondsPerLevel}`,
    'warmupSeconds: 1',
    'slo:',
    `  ttftP95Ms: ${config.slo.ttftP95Ms}`,
    `  itlP95Ms: ${config.slo.itlP95Ms}`,
    `  e2eP95Ms: ${config.slo.e2eP95Ms}`,
    'tags: [plan, benchmark-this-configuration]',
    'measures:',
    `  model: ${quote(config.hfRepo)}`,
    `  gpu: ${quote(config.gpuType)}`,
    `  gpuCount: ${config.gpuCount}`,
    '',
  ].join('\n');
}
