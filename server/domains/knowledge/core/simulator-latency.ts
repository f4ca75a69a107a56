/**
 * The simulator's latency model (pure; no clock, no randomness of its own).
 *
 * - Prefill of a request with `p` prompt tokens takes `prefillBaseMs + prefillMsPerToken·p`; its first
 *   token appears when its prefill ends (TTFT = time queued + prefill).
 * - One decode step with `B` running sequences takes `decodeBaseMs + decodeMsPerRunningSeq·(B − 1)` and
 *   gives every decoding sequence one token, so ITL grows linearly with the batch (continuous batching).
 * - At most `maxNumSeqs` sequences run; the rest wait in FIFO order (vLLM `--max-num-seqs`).
 * - Every duration is multiplied by a jitter factor uniform in [1 − jitterFraction, 1 + jitterFraction).
 *
 * Defaults resemble Llama 3.1 8B (BF16) on one H100, as in the knowledge base's synthetic performance
 * model: TTFT ≈ 25 ms for a 512-token prompt, ITL ≈ 7 ms at batch 1, ≈ 13 ms at 64, ≈ 32 ms at 256.
 */
export interface SimulatorLatencyParams {
  /** Prefill cost per prompt token (ms). */
  prefillMsPerToken: number;
  /** Fixed cost of every request before its first token (ms): HTTP, tokenisation, scheduling. */
  prefillBaseMs: number;
  /** Inter-token latency with one running sequence (ms). */
  decodeBaseMs: number;
  /** Extra inter-token latency per additional running sequence (ms). */
  decodeMsPerRunningSeq: number;
  /** Most sequences running at once; further requests queue. */
  maxNumSeqs: number;
  /** Relative half-width of the uniform jitter on every duration, in [0, 1). */
  jitterFraction: number;
  /** Probability that a request fails (HTTP 500 before the first token, or a stream aborted mid-way). */
  errorRate: number;
  /** Probability that a stream stalls once, for `stallMs`, somewhere in its decode. */
  stallRate: number;
  /** Length of an injected stall (ms). */
  stallMs: number;
}

export const DEFAULT_LATENCY_PARAMS: Readonly<SimulatorLatencyParams> = Object.freeze({
  prefillMsPerToken: 0.033,
  prefillBaseMs: 8,
  decodeBaseMs: 7,
  decodeMsPerRunningSeq: 0.1,
  maxNumSeqs: 256,
  jitterFraction: 0.05,
  errorRate: 0,
  stallRate: 0,
  stallMs: 1000,
});

/** Prefill time (ms) of a request with `promptTokens` prompt tokens, before jitter. */
export function prefillMs(params: SimulatorLatencyParams, promptTokens: number): number {
  return params.prefillBaseMs + params.prefillMsPerToken * Math.max(0, promptTokens);
}

/** Duration (ms) of one decode step with `runningSeqs` sequences in the batch, before jitter. */
export function decodeStepMs(params: SimulatorLatencyParams, runningSeqs: number): number {
  return params.decodeBaseMs + params.decodeMsPerRunningSeq * Math.max(0, runningSeqs - 1);
}

/**
 * `ms` scaled by a jitter factor drawn from `uniform` (a sample in [0, 1)): the factor is uniform in
 * [1 − f, 1 + f), so the mean duration is unchanged.
 */
export function jittered(ms: number, jitterFraction: number, uniform: number): number {
  return ms * (1 + jitterFraction * (2 * uniform - 1));
}

/** Unloaded end-to-end latency (ms) of one request alone on the server, before jitter. */
export function unloadedE2eMs(
  params: SimulatorLatencyParams,
  promptTokens: number,
  outputTokens: number,
): number {
  return prefillMs(params, promptTokens) + Math.max(0, outputTokens - 1) * decodeStepMs(params, 1);
}

/** Every latency multiplied by `factor` (e.g. 1.3 makes a deployment 30 % slower); rates unchanged. */
export function slowedDown(params: SimulatorLatencyParams, factor: number): SimulatorLatencyParams {
  return {
    ...params,
    prefillMsPerToken: params.prefillMsPerToken * factor,
    prefillBaseMs: params.prefillBaseMs * factor,
    decodeBaseMs: params.decodeBaseMs * factor,
    decodeMsPerRunningSeq: params.decodeMsPerRunningSeq * factor,
    stallMs: params.stallMs * factor,
  };
}

/** Problems with `params`, one message each; empty when the parameters are usable. */
export function validateLatencyParams(params: SimulatorLatencyParams): string[] {
  const problems: string[] = [];
  for (const key of ['prefillMsPerToken', 'prefillBaseMs', 'decodeMsPerRunningSeq', 'stallMs'] as const) {
    const value = params[key];
    if (!Number.isFinite(value) || value < 0)
      problems.push(`${key} must be a finite number >= 0, got ${value}`);
  }
  // A zero-length decode step would let the engine loop emit a whole completion without yielding.
  if (!Number.isFinite(params.decodeBaseMs) || params.decodeBaseMs <= 0)
    problems.push(`decodeBaseMs must be a finite number > 0, got ${params.decodeBaseMs}`);
  if (!Number.isInteger(params.maxNumSeqs) || params.maxNumSeqs < 1)
    problems.push(`maxNumSeqs must be a whole number >= 1, got ${params.maxNumSeqs}`);
  if (!(params.jitterFraction >= 0 && params.jitterFraction < 1))
    problems.push(`jitterFraction must be in [0, 1), got ${params.jitterFraction}`);
  for (const key of ['errorRate', 'stallRate'] as const) {
    const value = params[key];
    if (!(value >= 0 && value <= 1)) problems.push(`${key} must be a probability in [0, 1], got ${value}`);
  }
  return problems;
}
