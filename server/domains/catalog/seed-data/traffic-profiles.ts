import type { TrafficProfileSeed } from './types.js';

/** The four GuideLLM traffic shapes (prompt → output tokens), ordered by prompt length. */
export const trafficProfiles: TrafficProfileSeed[] = [
  {
    name: 'interactive',
    promptTokens: 512,
    outputTokens: 256,
    description:
      'Medium input, short output: chatbots, interactive Q&A, short code completions. The most common interactive workload; strongly latency-sensitive.',
  },
  {
    name: 'balanced',
    promptTokens: 1024,
    outputTokens: 1024,
    description:
      'Long input, long output: content generation, translation, detailed code generation. Usually less latency-sensitive but throughput-heavy.',
  },
  {
    name: 'prefill-heavy',
    promptTokens: 4096,
    outputTokens: 512,
    description:
      'Very long input, short output: summarization, document analysis, RAG over long context. Prefill-dominated, so TTFT is the main bottleneck.',
  },
  {
    name: 'long-context',
    promptTokens: 10240,
    outputTokens: 1536,
    description:
      'Extra-long input, medium output: multi-document summarization, research or legal analysis. Edge workload for long-context models; memory- and bandwidth-intensive.',
  },
];
