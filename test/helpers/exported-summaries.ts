/**
 * A deterministic `exported_summaries` rate-sweep export of the shape real exports have: no
 * concurrency, no request_rate, no config_id; each config is a sweep whose load levels differ only in
 * their achieved requests_per_second. 1,383 rows over 157 configs by default (as the export).
 *
 *   npx tsx test/helpers/exported-summaries.ts > sweep.json     (the same file for the CLI)
 */

export interface SweepRow {
  model_hf_repo: string;
  hardware: string;
  hardware_count: number;
  framework: string;
  framework_version: string;
  prompt_tokens: number;
  prompt_tokens_stdev: number;
  output_tokens: number;
  output_tokens_stdev: number;
  ttft_mean: number;
  ttft_p90: number;
  ttft_p95: number;
  ttft_p99: number;
  itl_mean: number;
  itl_p90: number;
  itl_p95: number;
  itl_p99: number;
  e2e_mean: number;
  e2e_p90: number;
  e2e_p95: number;
  e2e_p99: number;
  mean_input_tokens: number;
  mean_output_tokens: number;
  requests_per_second: number;
  responses_per_second: number;
  tokens_per_second: number;
}

const MODELS = [
  { hf: 'meta-llama/Llama-3.1-8B-Instruct', size: 8 },
  { hf: 'mistralai/Mistral-7B-Instruct-v0.3', size: 7 },
  { hf: 'Qwen/Qwen2.5-7B-Instruct', size: 7 },
  { hf: 'ibm-granite/granite-3.1-8b-instruct', size: 8 },
  { hf: 'microsoft/phi-4', size: 14 },
  { hf: 'google/gemma-2-27b-it', size: 27 },
  { hf: 'meta-llama/Llama-3.3-70B-Instruct', size: 70 },
];
const GPUS = [
  { name: 'NVIDIA-H100-80GB-HBM3', speed: 1 },
  { name: 'A100-80', speed: 0.6 },
  { name: 'NVIDIA-L4', speed: 0.15 },
  { name: 'H200', speed: 1.25 },
];
const COUNTS = [1, 2, 4, 8];
const PROFILES = [
  [512, 256],
  [1024, 1024],
  [4096, 512],
  [10240, 1536],
] as const;

function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Park–Miller: small, deterministic, good enough to vary sweep lengths and noise. */
function rng(seed: number): () => number {
  let state = seed % 2147483647 || 1;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

export interface SweepOptions {
  rows?: number;
  configs?: number;
  seed?: number;
}

export function exportedSummariesSweep(options: SweepOptions = {}): SweepRow[] {
  const total = options.rows ?? 1_383;
  const configCount = options.configs ?? 157;
  const random = rng(options.seed ?? 20261202);
  const configs: {
    model: (typeof MODELS)[number];
    gpu: (typeof GPUS)[number];
    count: number;
    profile: readonly [number, number];
  }[] = [];
  outer: for (const model of MODELS) {
    for (const gpu of GPUS) {
      for (const count of COUNTS) {
        if (model.size * 2 > count * 80 * (gpu.name.includes('L4') ? 0.3 : 1)) continue;
        for (const profile of PROFILES) {
          configs.push({ model, gpu, count, profile });
          if (configs.length === configCount) break outer;
        }
      }
    }
  }
  if (configs.length < configCount) throw new RangeError(`only ${configs.length} configs can be generated`);
  const rows: SweepRow[] = [];
  // Spread `total` rows over the configs: every config gets floor(total / n) levels, the first ones one more.
  const base = Math.floor(total / configs.length);
  const extra = total - base * configs.length;
  configs.forEach((config, index) => {
    const levels = base + (index < extra ? 1 : 0);
    const [p, o] = config.profile;
    const capacity = (config.gpu.speed * config.count * 60) / config.model.size / (1 + (p + o) / 1024);
    const itl0 = (config.model.size * 0.9) / config.gpu.speed / Math.sqrt(config.count);
    const ttft0 = ((p / 512) * 12 * (config.model.size / 8)) / config.gpu.speed / config.count + 10;
    for (let level = 0; level < levels; level += 1) {
      const load = (level + 1) / levels; // share of the config's capacity
      const rps = round(capacity * load * (0.97 + 0.03 * random()), 4);
      const queue = 1 / Math.max(0.05, 1 - 0.95 * load);
      const ttft = ttft0 * queue;
      const itl = itl0 * (1 + 1.5 * load);
      const meanOut = o * (0.97 + 0.02 * random());
      const e2e = ttft + itl * (meanOut - 1);
      rows.push({
        model_hf_repo: config.model.hf,
        hardware: config.gpu.name,
        hardware_count: config.count,
        framework: 'vllm',
        framework_version: '0.10.1',
        prompt_tokens: p,
        prompt_tokens_stdev: Math.round(p * 0.05),
        output_tokens: o,
        output_tokens_stdev: Math.round(o * 0.05),
        ttft_mean: round(ttft),
        ttft_p90: round(ttft * 1.3),
        ttft_p95: round(ttft * 1.5),
        ttft_p99: round(ttft * 2.1),
        itl_mean: round(itl),
        itl_p90: round(itl * 1.1),
        itl_p95: round(itl * 1.18),
        itl_p99: round(itl * 1.4),
        e2e_mean: round(e2e),
        e2e_p90: round(e2e * 1.08),
        e2e_p95: round(e2e * 1.12),
        e2e_p99: round(e2e * 1.2),
        mean_input_tokens: round(p * (0.99 + 0.02 * random()), 1),
        mean_output_tokens: round(meanOut, 1),
        requests_per_second: rps,
        responses_per_second: rps,
        tokens_per_second: round(rps * meanOut, 2),
      });
    }
  });
  return rows;
}

/** The export as the JSON document `{"benchmarks": [ … ]}`. */
export function exportedSummariesJson(options: SweepOptions = {}): string {
  return JSON.stringify({ benchmarks: exportedSummariesSweep(options) });
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(exportedSummariesJson());
