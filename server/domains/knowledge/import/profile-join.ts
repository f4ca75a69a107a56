/**
 * Which traffic profile a row measured when its file states no target tokens (a dataset-driven run):
 * the profile whose prompt and output tokens are both within PROFILE_TOLERANCE of the measured means.
 * Outside it the row keeps its own (rounded) token counts, so exact matching (docs/recommendations.md) never pairs it
 * with a profile it did not measure.
 */
export const PROFILE_TOLERANCE = 0.1;

export interface TokenProfile {
  promptTokens: number;
  outputTokens: number;
}

function relativeGap(measured: number, target: number): number {
  return Math.abs(measured - target) / target;
}

/** The closest profile within tolerance on both sides (largest relative gap decides), else null. */
export function joinProfile<P extends TokenProfile>(
  meanInputTokens: number,
  meanOutputTokens: number,
  profiles: readonly P[],
  tolerance = PROFILE_TOLERANCE,
): P | null {
  let best: { profile: P; gap: number } | null = null;
  for (const profile of profiles) {
    const gap = Math.max(
      relativeGap(meanInputTokens, profile.promptTokens),
      relativeGap(meanOutputTokens, profile.outputTokens),
    );
    if (gap <= tolerance && (best === null || gap < best.gap)) best = { profile, gap };
  }
  return best?.profile ?? null;
}
