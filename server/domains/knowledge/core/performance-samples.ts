import { gpus } from '../../catalog/seed-data/gpus.js';
import { models } from '../../catalog/seed-data/models.js';
import { syntheticCurve, toPerfGpu, toPerfModel } from './performance-model.js';

/**
 * The sample table of docs/performance-model.md, generated from the seed data:
 *   npx tsx -e "import('../../../benchmarks/server/domains/knowledge/core/performance-samples.ts').then((m) => console.log(m.samplesMarkdown()))"
 * A unit test checks the doc still contains exactly this output.
 */
export const SAMPLE_CONFIGS: ReadonlyArray<{
  hfRepo: string;
  gpu: string;
  count: number;
  p: number;
  o: number;
}> = [
  { hfRepo: 'meta-llama/llama-3.1-8b-instruct', gpu: 'H100', count: 1, p: 512, o: 256 },
  { hfRepo: 'meta-llama/llama-3.1-8b-instruct', gpu: 'L4', count: 1, p: 512, o: 256 },
  { hfRepo: 'redhatai/smollm3-3b-fp8-dynamic', gpu: 'L4', count: 1, p: 512, o: 256 },
  { hfRepo: 'meta-llama/llama-3.1-70b-instruct', gpu: 'H100', count: 2, p: 512, o: 256 },
  { hfRepo: 'meta-llama/llama-3.1-70b-instruct', gpu: 'H100', count: 4, p: 512, o: 256 },
  { hfRepo: 'redhatai/llama-3.3-70b-instruct-fp8-dynamic', gpu: 'H200', count: 1, p: 4096, o: 512 },
  { hfRepo: 'mistralai/mixtral-8x7b-instruct-v0.1', gpu: 'A100-80', count: 2, p: 1024, o: 1024 },
  { hfRepo: 'openai/gpt-oss-120b', gpu: 'H100', count: 1, p: 10240, o: 1536 },
];

export const SAMPLE_CONCURRENCY: readonly number[] = [1, 16, 64, 256];

export function samplesMarkdown(): string {
  const lines = [
    '| model | GPU | p→o | c | req/s | TTFT mean / p95 ms | ITL mean / p95 ms | E2E p95 s |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const sample of SAMPLE_CONFIGS) {
    const model = models.find((m) => m.hfRepo === sample.hfRepo);
    const gpu = gpus.find((g) => g.type === sample.gpu);
    if (!model || !gpu) throw new Error(`unknown sample ${sample.hfRepo} on ${sample.gpu}`);
    const curve = syntheticCurve(toPerfModel(model), toPerfGpu(gpu), sample.count, sample.p, sample.o);
    for (const point of curve.filter((pt) => SAMPLE_CONCURRENCY.includes(pt.concurrency))) {
      lines.push(
        `| ${model.hfRepo} | ${sample.count}× ${gpu.type} | ${sample.p}→${sample.o} | ${point.concurrency} | ` +
          `${point.requestsPerSecond.toFixed(2)} | ${fmt(point.ttft.mean)} / ${fmt(point.ttft.p95)} | ` +
          `${point.itl.mean.toFixed(1)} / ${point.itl.p95.toFixed(1)} | ${(point.e2e.p95 / 1000).toFixed(2)} |`,
      );
    }
  }
  return lines.join('\n');
}

function fmt(ms: number): string {
  return ms >= 1000 ? ms.toFixed(0) : ms.toFixed(1);
}
