import type { ExtractionContext } from '../../server/domains/intent/types.js';

/** A small GPU alias map built like the real catalog (gpu_catalog.json types and aliases, plus L40S). */
const CATALOG: Record<string, string[]> = {
  L4: ['L4', 'NVIDIA-L4'],
  A10G: ['A10G', 'NVIDIA-A10G'],
  'A100-40': ['A100-40', 'A100-40GB', 'NVIDIA-A100-40GB'],
  'A100-80': ['A100-80', 'A100-80GB', 'NVIDIA-A100-80GB'],
  H100: ['H100', 'NVIDIA-H100', 'H100-80GB', 'NVIDIA-H100-80GB-HBM3'],
  H200: ['H200', 'NVIDIA-H200', 'H200-141GB'],
  B200: ['B200', 'NVIDIA-B200'],
  MI300X: ['MI300X', 'AMD-MI300X', 'AMD-Instinct-MI300X'],
  L40: ['L40', 'NVIDIA-L40'],
  L40S: ['L40S', 'NVIDIA-L40S'],
  L20: ['L20', 'NVIDIA-L20'],
  B100: ['B100', 'NVIDIA-B100'],
};

export const TEST_CONTEXT: ExtractionContext = {
  gpuAliases: Object.fromEntries(
    Object.entries(CATALOG).flatMap(([type, aliases]) => aliases.map((alias) => [alias.toLowerCase(), type])),
  ),
};
