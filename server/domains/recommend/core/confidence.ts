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

/**
 * A config measured (MEASURED or IMPORTED) at fewer load levels than this is thin evidence: with one or two
 * rows the capacity is one point and the interpolation has nothing to bracket the per-replica load with.
 */
export const MIN_MEASURED_ROWS = 3;

export type TrustWarningCode = 'MODEL_ONLY' | 'ESTIMATED' | 'THIN_MEASUREMENTS';
export const TRUST_WARNING_CODES: readonly TrustWarningCode[] = [
  'MODEL_ONLY',
  'ESTIMATED',
  'THIN_MEASUREMENTS',
];

export interface TrustWarning {
  code: TrustWarningCode;
  message: string;
}

export interface TrustWarningInput {
  confidence: Confidence;
  /** "Llama-3.1-8B-Instruct on 1 × H100". */
  config: string;
  profile: { promptTokens: number; outputTokens: number };
  /** Rows of the trusted source (the estimated rows for an estimate). */
  rowCount: number;
  estimatedFromProfiles: readonly { promptTokens: number; outputTokens: number }[];
  roofline: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Why a recommendation's numbers should not be trusted as they stand, or null when they rest on at least
 * MIN_MEASURED_ROWS measured rows of exactly this config and profile (docs/recommendations.md "Confidence").
 */
export function trustWarning(input: TrustWarningInput): TrustWarning | null {
  const { confidence, config, rowCount } = input;
  const profile = `${input.profile.promptTokens}→${input.profile.outputTokens}`;
  const remedy = 'Benchmark this configuration to replace them with measured rows.';
  if (confidence === 'ESTIMATED') {
    const from = input.roofline
      ? "the performance model applied to the model's config.json"
      : input.estimatedFromProfiles.length > 0
        ? `a fit on its rows of ${input.estimatedFromProfiles.map((p) => `${p.promptTokens}→${p.outputTokens}`).join(', ')}`
        : 'a fit on its rows of other profiles';
    return {
      code: 'ESTIMATED',
      message: `No benchmark of ${config} matches ${profile} exactly: the numbers are an estimate from ${from}, not a measurement. ${remedy}`,
    };
  }
  if (confidence === 'SYNTHETIC' || confidence === 'CALIBRATED') {
    const what =
      confidence === 'SYNTHETIC'
        ? 'the synthetic performance model (seed data)'
        : 'the calibrated performance model';
    return {
      code: 'MODEL_ONLY',
      message: `${config} at ${profile} rests only on ${confidence} rows from ${what}: nothing measured this configuration. ${remedy}`,
    };
  }
  if (rowCount < MIN_MEASURED_ROWS) {
    return {
      code: 'THIN_MEASUREMENTS',
      message: `${config} at ${profile} rests on ${plural(rowCount, `${confidence} row`)} only (fewer than ${MIN_MEASURED_ROWS} load levels): its capacity and interpolation have little to go on. Benchmark this configuration over a sweep.`,
    };
  }
  return null;
}
