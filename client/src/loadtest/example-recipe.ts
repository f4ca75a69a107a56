/**
 * The recipe the Start form opens with: a short sweep against the local vLLM simulator
 * (`npm run simulator -- --model sim-llama-3.1-8b`, port 8000), filed as llama-3.1-8b on 1 × H100.
 */
export const EXAMPLE_RECIPE = `name: ui-sweep-simulator
target:
  baseUrl: http://127.0.0.1:8000
  model: sim-llama-3.1-8b
  api: chat
data:
  kind: synthetic
  promptTokens: 512
  outputTokens: 256
  seed: 42
load:
  profile: sweep
  sweepLevels: 4
  concurrency: 64
limits:
  maxSeconds: 8
warmupSeconds: 2
cooldownSeconds: 1
slo:
  ttftP95Ms: 150
  itlP95Ms: 25
  e2eP95Ms: 7000
tags: [ui, simulator, sweep]
measures:
  model: meta-llama/llama-3.1-8b-instruct
  gpu: H100
  gpuCount: 1
`;
