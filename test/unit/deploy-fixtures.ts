import { parseAllDocuments } from 'yaml';
import type { DeploymentInput } from '../../server/domains/deploy/types.js';

/** Shared inputs for the deploy-* tests. */

export const ALLOWED_NAMESPACES = ['compass', 'compass-dev'];

export function vllmInput(overrides: Partial<DeploymentInput> = {}): DeploymentInput {
  return {
    deploymentId: 'dep-7f3a',
    name: 'llama-70b-chat',
    namespace: 'compass',
    mode: 'VLLM',
    model: { hfRepo: 'meta-llama/Llama-3.1-70B-Instruct', contextWindow: 131072 },
    traffic: { promptTokens: 4096, outputTokens: 512 },
    gpu: { type: 'H100', nodeSelectorLabel: 'NVIDIA-H100-80GB-HBM3', vendor: 'NVIDIA' },
    gpuCount: 4,
    replicas: { min: 2, max: 2 },
    ...overrides,
  };
}

export function simulatorInput(overrides: Partial<DeploymentInput> = {}): DeploymentInput {
  return vllmInput({
    mode: 'SIMULATOR',
    name: 'llama-sim',
    simulator: {
      calibration: { prefillMsPerToken: 0.12, decodeBaseMs: 9.5, decodeMsPerSeq: 0.35, maxNumSeqs: 256 },
    },
    ...overrides,
  });
}

/** All documents of a YAML stream as plain JS (throws on YAML errors). */
export function parseDocs(yamlText: string): unknown[] {
  return parseAllDocuments(yamlText).map((doc) => {
    if (doc.errors.length > 0) throw new Error(doc.errors[0]?.message);
    return doc.toJS();
  });
}

export type Json = Record<string, unknown>;

/** Navigates a parsed manifest by keys and array indexes (test convenience; throws on a missing step). */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const step of path) {
    if (typeof current !== 'object' || current === null)
      throw new Error(`no ${String(step)} in ${JSON.stringify(path)}`);
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}
