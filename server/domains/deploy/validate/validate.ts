import type { DeploymentInput, DeployValidationError, ResolvedDeployment } from '../types.js';
import { deployErrorsOf, deploymentInputSchema, type InputSchemaOptions } from './input-schema.js';

export { validateRenderedManifests, type ManifestExpectation } from './manifest.js';

/**
 * Input validation, before anything is rendered: the deployment input parsed once with its zod schema
 * (validate/input-schema.ts), every problem reported as a typed DeployValidationError, defaults filled in.
 */

export type InputValidationOptions = InputSchemaOptions;

export type InputValidationResult =
  { ok: true; value: ResolvedDeployment } | { ok: false; errors: DeployValidationError[] };

export function validateDeploymentInput(
  input: DeploymentInput,
  options: InputValidationOptions,
): InputValidationResult {
  const parsed = deploymentInputSchema(options).safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, errors: deployErrorsOf(parsed.error) };
}
