/**
 * How much a recommendation can be trusted, from the rows behind it (docs/recommendations.md): measured by Compass's
 * own harness, imported from the user's measurements, the synthetic model after calibration on
 * measured rows, the synthetic model alone, or an estimate for a profile without exact rows.
 */
export const CONFIDENCE_LEVELS = ['MEASURED', 'IMPORTED', 'CALIBRATED', 'SYNTHETIC', 'ESTIMATED'] as const;
export type Confidence = (typeof CONFIDENCE_LEVELS)[number];

export interface ConfidenceInput {
  source: 'SYNTHETIC' | 'IMPORTED' | 'MEASURED';
  estimated: boolean;
  /** True when the synthetic rows come from a calibration on measured rows (none is made yet). */
  calibrated?: boolean;
}

export function confidenceOf(input: ConfidenceInput): Confidence {
  if (input.estimated) return 'ESTIMATED';
  if (input.source === 'SYNTHETIC') return input.calibrated ? 'CALIBRATED' : 'SYNTHETIC';
  return input.source;
}

/** Confidence levels that rest on no measurement of the configuration itself. */
export function restsOnModelOnly(confidence: Confidence): boolean {
  return confidence === 'SYNTHETIC' || confidence === 'ESTIMATED' || confidence === 'CALIBRATED';
}
