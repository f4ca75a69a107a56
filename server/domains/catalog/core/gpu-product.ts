/**
 * Node GPU product labels → catalog GPU types. NVIDIA GPU feature discovery sets
 * `nvidia.com/gpu.product` (e.g. `NVIDIA-H100-80GB-HBM3`, `NVIDIA-A100-SXM4-80GB`, `NVIDIA-L4`); AMD's node
 * labeller sets `amd.com/gpu.product-name` (e.g. `AMD_Instinct_MI300X_OAM`) and the older
 * `beta.amd.com/gpu.product-name`. Exact names (type, aliases, node selector label) win; otherwise the label
 * is reduced to its model token and memory size, so form factors (SXM4, PCIE, OAM, HBM3, NVL) do not matter.
 */

export const GPU_PRODUCT_LABELS = [
  'nvidia.com/gpu.product',
  'amd.com/gpu.product-name',
  'beta.amd.com/gpu.product-name',
] as const;

/** Extended resources a pod requests GPUs with, by vendor. */
export const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu'] as const;

export interface GpuNames {
  type: string;
  aliases: readonly string[];
  nodeSelectorLabel: string;
  vramGb: number;
}

const IGNORED = new Set([
  'NVIDIA',
  'AMD',
  'INSTINCT',
  'TESLA',
  'SXM',
  'SXM2',
  'SXM4',
  'SXM5',
  'SXM6',
  'PCIE',
  'OAM',
  'HBM2',
  'HBM2E',
  'HBM3',
  'HBM3E',
  'NVL',
  'GDDR6',
]);

function normalize(name: string): string {
  return name
    .trim()
    .toUpperCase()
    .replace(/[\s_]+/g, '-');
}

interface Parsed {
  model: string;
  memoryGb: number | null;
}

/** "NVIDIA-A100-SXM4-80GB" → { model: "A100", memoryGb: 80 }; null for MIG slices and unreadable names. */
export function parseProductName(name: string): Parsed | null {
  const tokens = normalize(name)
    .split('-')
    .filter((t) => t !== '');
  if (tokens.includes('MIG')) return null;
  let memoryGb: number | null = null;
  const rest: string[] = [];
  for (const token of tokens) {
    const memory = /^(\d+)G(?:B)?$/.exec(token);
    if (memory) memoryGb = Number(memory[1]);
    else if (!IGNORED.has(token)) rest.push(token);
  }
  const [model] = rest;
  if (model === undefined || rest.length > 1) return null;
  return { model, memoryGb };
}

export type ProductMatch = { kind: 'MATCHED'; gpuType: string } | { kind: 'UNKNOWN'; reason: string };

/** The catalog GPU a product label names, or why none does. */
export function matchGpuProduct(label: string, gpus: readonly GpuNames[]): ProductMatch {
  const wanted = normalize(label);
  const exact = gpus.find((g) =>
    [g.type, g.nodeSelectorLabel, ...g.aliases].some((name) => normalize(name) === wanted),
  );
  if (exact) return { kind: 'MATCHED', gpuType: exact.type };
  const parsed = parseProductName(label);
  if (!parsed) return { kind: 'UNKNOWN', reason: `"${label}" is not a whole-GPU product name` };
  // A catalog type is its model token, then an optional size: "A100-80", "H100", "MI300X".
  const sameModel = gpus.filter((g) => normalize(g.type).split('-')[0] === parsed.model);
  const sized =
    parsed.memoryGb === null
      ? sameModel
      : sameModel.filter((g) => Math.abs(g.vramGb - (parsed.memoryGb as number)) <= 0.1 * g.vramGb);
  if (sized.length === 1 && sized[0]) return { kind: 'MATCHED', gpuType: sized[0].type };
  if (sized.length > 1) {
    return {
      kind: 'UNKNOWN',
      reason: `"${label}" could be ${sized.map((g) => g.type).join(' or ')} (no memory size in the label)`,
    };
  }
  return { kind: 'UNKNOWN', reason: `"${label}" matches no GPU type in the catalog` };
}
