/** What the Deploy screen deploys, read from its URL (a recommendation's "Deploy…" link). Pure. */
export interface DeployTarget {
  /** Global ids (what createDeployment takes) and the names shown. */
  modelId: string;
  model: string;
  gpuId: string;
  gpu: string;
  gpuCount: number;
  replicas: number;
  /** The recommendation's cost, kept on the deployment record. */
  monthlyCostUsd: number | null;
  promptTokens: number | null;
  outputTokens: number | null;
}

function positiveInt(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : null;
}

function positiveNumber(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : null;
}

export function targetFromParams(params: URLSearchParams): DeployTarget | null {
  const modelId = params.get('modelId');
  const model = params.get('model');
  const gpuId = params.get('gpuId');
  const gpu = params.get('gpu');
  const gpuCount = positiveInt(params.get('gpuCount'));
  if (!modelId || !model || !gpuId || !gpu || gpuCount === null) return null;
  return {
    modelId,
    model,
    gpuId,
    gpu,
    gpuCount,
    replicas: positiveInt(params.get('replicas')) ?? 1,
    monthlyCostUsd: positiveNumber(params.get('cost')),
    promptTokens: positiveInt(params.get('promptTokens')),
    outputTokens: positiveInt(params.get('outputTokens')),
  };
}

/** An InferenceService name (RFC 1123, starts with a letter, ≤ 53 chars) from the model and GPU. */
export function defaultDeploymentName(model: string, gpu: string): string {
  const repo = model.slice(model.indexOf('/') + 1);
  const slug = `${repo}-${gpu}`
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '');
  return slug.slice(0, 53).replace(/-+$/, '') || 'compass-model';
}

/** The check the server applies, run early so the button can say why it is disabled. */
export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'Give the deployment a name';
  if (name.length > 53) return 'At most 53 characters';
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    return 'Lower-case letters, digits and "-", starting with a letter and not ending with "-"';
  }
  return null;
}
