import type { GpuPriceSeed, GpuSeed } from './types.js';

/**
 * GPU types of the reference catalog (names, aliases, node labels, VRAM, prices) plus L40S, with compute
 * and bandwidth from the vendors' public spec sheets (dense tensor throughput, no sparsity). Corrections
 * to the catalog are listed in each GPU's notes and in docs/seed-data.md.
 */

/** Date of the reference-data snapshot the catalog prices come from. */
export const PRICE_EFFECTIVE_DATE = '2026-04-27';

const REGIONS = { aws: 'us-east-1', gcp: 'us-east1', azure: 'eastus' } as const;

interface CatalogPrices {
  default: number;
  aws: number | null;
  gcp: number | null;
  azure: number | null;
}

/** A `default` row (the catalog's list price, region `any`) plus one row per cloud that lists the GPU. */
function priceRows(p: CatalogPrices): GpuPriceSeed[] {
  const rows: GpuPriceSeed[] = [
    { provider: 'default', region: 'any', hourlyUsd: p.default, effectiveDate: PRICE_EFFECTIVE_DATE },
  ];
  for (const provider of ['aws', 'gcp', 'azure'] as const) {
    const hourlyUsd = p[provider];
    if (hourlyUsd !== null) {
      rows.push({ provider, region: REGIONS[provider], hourlyUsd, effectiveDate: PRICE_EFFECTIVE_DATE });
    }
  }
  return rows;
}

export const gpus: GpuSeed[] = [
  {
    type: 'L4',
    aliases: ['NVIDIA-L4', 'L4'],
    vendor: 'NVIDIA',
    architecture: 'Ada Lovelace',
    vramGb: 24,
    fp16Tflops: 121,
    fp8Tflops: 242,
    memoryBandwidthGbps: 300,
    interconnect: 'pcie',
    interconnectGbps: 32,
    computeCapability: '8.9',
    nodeSelectorLabel: 'NVIDIA-L4',
    hourlyPriceUsd: 0.8,
    prices: priceRows({ default: 0.8, aws: 0.8, gcp: 0.7, azure: 0.85 }),
    availability: 'high',
    notes: 'Entry-level inference GPU, cost-effective for small models. 24 GB GDDR6, PCIe Gen4.',
  },
  {
    type: 'A10G',
    aliases: ['NVIDIA-A10G', 'A10G'],
    vendor: 'NVIDIA',
    architecture: 'Ampere',
    vramGb: 24,
    fp16Tflops: 70,
    memoryBandwidthGbps: 600,
    interconnect: 'pcie',
    interconnectGbps: 32,
    computeCapability: '8.6',
    nodeSelectorLabel: 'NVIDIA-A10G',
    hourlyPriceUsd: 1.3,
    prices: priceRows({ default: 1.3, aws: 1.2, gcp: 1.1, azure: 1.25 }),
    availability: 'high',
    notes:
      'Good balance of cost and performance for medium models. AWS variant of the A10 (24 GB GDDR6); ~70 dense FP16 tensor TFLOPS; no FP8 tensor cores.',
  },
  {
    type: 'A100-40',
    aliases: ['NVIDIA-A100-40GB', 'A100-40', 'A100-40GB'],
    vendor: 'NVIDIA',
    architecture: 'Ampere',
    vramGb: 40,
    fp16Tflops: 312,
    memoryBandwidthGbps: 1555,
    interconnect: 'nvlink',
    interconnectGbps: 300,
    computeCapability: '8.0',
    nodeSelectorLabel: 'NVIDIA-A100-SXM4-40GB',
    hourlyPriceUsd: 3.0,
    prices: priceRows({ default: 3.0, aws: 3.06, gcp: 2.93, azure: 3.4 }),
    availability: 'medium',
    notes: 'Production inference GPU for medium to large models. SXM4, HBM2, NVLink 3; no FP8 tensor cores.',
  },
  {
    type: 'A100-80',
    aliases: ['NVIDIA-A100-80GB', 'A100-80', 'A100-80GB'],
    vendor: 'NVIDIA',
    architecture: 'Ampere',
    vramGb: 80,
    fp16Tflops: 312,
    memoryBandwidthGbps: 2039,
    interconnect: 'nvlink',
    interconnectGbps: 300,
    computeCapability: '8.0',
    nodeSelectorLabel: 'NVIDIA-A100-SXM4-80GB',
    hourlyPriceUsd: 3.5,
    prices: priceRows({ default: 3.5, aws: 4.1, gcp: 3.67, azure: 4.0 }),
    availability: 'medium',
    notes: 'Large model inference, 2x memory of A100-40. SXM4, HBM2e, NVLink 3; no FP8 tensor cores.',
  },
  {
    type: 'H100',
    aliases: ['NVIDIA-H100', 'H100', 'H100-80GB', 'NVIDIA-H100-80GB', 'NVIDIA-H100-80GB-HBM3'],
    vendor: 'NVIDIA',
    architecture: 'Hopper',
    vramGb: 80,
    fp16Tflops: 989,
    fp8Tflops: 1979,
    memoryBandwidthGbps: 3350,
    interconnect: 'nvlink',
    interconnectGbps: 450,
    computeCapability: '9.0',
    nodeSelectorLabel: 'NVIDIA-H100-80GB-HBM3',
    hourlyPriceUsd: 4.5,
    prices: priceRows({ default: 4.5, aws: 4.9, gcp: 4.23, azure: 5.5 }),
    availability: 'medium',
    notes: 'Flagship inference GPU with excellent performance. SXM5, HBM3, NVLink 4.',
  },
  {
    type: 'H200',
    aliases: ['NVIDIA-H200', 'H200', 'H200-141GB'],
    vendor: 'NVIDIA',
    architecture: 'Hopper',
    vramGb: 141,
    fp16Tflops: 989,
    fp8Tflops: 1979,
    memoryBandwidthGbps: 4800,
    interconnect: 'nvlink',
    interconnectGbps: 450,
    computeCapability: '9.0',
    nodeSelectorLabel: 'NVIDIA-H200-141GB-HBM3',
    hourlyPriceUsd: 5.75,
    prices: priceRows({ default: 5.75, aws: 6.5, gcp: 5.8, azure: 7.0 }),
    availability: 'low',
    notes:
      'Extended memory H100 (HBM3e), ideal for 70B+ models in FP8 or with tensor parallelism. Note: a 70B model in BF16 (~141 GB of weights) does not fit in one H200.',
  },
  {
    type: 'B200',
    aliases: ['NVIDIA-B200', 'B200'],
    vendor: 'NVIDIA',
    architecture: 'Blackwell',
    vramGb: 192,
    fp16Tflops: 2250,
    fp8Tflops: 4500,
    memoryBandwidthGbps: 8000,
    interconnect: 'nvlink',
    interconnectGbps: 900,
    computeCapability: '10.0',
    nodeSelectorLabel: 'NVIDIA-B200',
    hourlyPriceUsd: 7.25,
    prices: priceRows({ default: 7.25, aws: 8.5, gcp: 7.5, azure: 9.0 }),
    availability: 'very_low',
    notes: 'Next-gen Blackwell architecture with highest performance. HBM3e, NVLink 5.',
  },
  {
    type: 'MI300X',
    aliases: ['AMD-MI300X', 'MI300X', 'AMD-Instinct-MI300X'],
    vendor: 'AMD',
    architecture: 'CDNA 3',
    vramGb: 192,
    fp16Tflops: 1307,
    fp8Tflops: 2615,
    memoryBandwidthGbps: 5300,
    interconnect: 'infinity-fabric',
    interconnectGbps: 448,
    computeCapability: null,
    nodeSelectorLabel: 'AMD-Instinct-MI300X',
    hourlyPriceUsd: 3.75,
    prices: priceRows({ default: 3.75, aws: null, gcp: null, azure: null }),
    availability: 'low',
    notes:
      'AMD competitor to H100, good value option. HBM3, Infinity Fabric. The catalog lists no per-cloud price; only the default list price is seeded. Compute capability is an NVIDIA notion (catalog: N/A).',
  },
  {
    type: 'L40',
    aliases: ['NVIDIA-L40', 'L40', 'NVIDIA-L40-40GB'],
    vendor: 'NVIDIA',
    architecture: 'Ada Lovelace',
    vramGb: 48,
    fp16Tflops: 181,
    fp8Tflops: 362,
    memoryBandwidthGbps: 864,
    interconnect: 'pcie',
    interconnectGbps: 32,
    computeCapability: '8.9',
    nodeSelectorLabel: 'NVIDIA-L40-40GB',
    hourlyPriceUsd: 2.5,
    prices: priceRows({ default: 2.5, aws: 2.5, gcp: 2.5, azure: 2.5 }),
    availability: 'low',
    notes:
      'Mid-range inference GPU, 48 GB GDDR6. The catalog alias/label "NVIDIA-L40-40GB" is kept verbatim for matching even though the card has 48 GB.',
  },
  {
    type: 'L40S',
    aliases: ['NVIDIA-L40S', 'L40S'],
    vendor: 'NVIDIA',
    architecture: 'Ada Lovelace',
    vramGb: 48,
    fp16Tflops: 362,
    fp8Tflops: 733,
    memoryBandwidthGbps: 864,
    interconnect: 'pcie',
    interconnectGbps: 32,
    computeCapability: '8.9',
    nodeSelectorLabel: 'NVIDIA-L40S',
    hourlyPriceUsd: 1.86,
    prices: priceRows({ default: 1.86, aws: 1.86, gcp: null, azure: null }),
    availability: 'medium',
    notes:
      'Not in the reference catalog; added because the use-case framework names it as the balanced inference tier. 48 GB GDDR6, PCIe Gen4. Price: approximate AWS g6e.xlarge (1x L40S) on-demand list price; GCP and Azure do not list it.',
  },
  {
    type: 'L20',
    aliases: ['NVIDIA-L20', 'L20'],
    vendor: 'NVIDIA',
    architecture: 'Ada Lovelace',
    vramGb: 48,
    fp16Tflops: 119.5,
    fp8Tflops: 239,
    memoryBandwidthGbps: 864,
    interconnect: 'pcie',
    interconnectGbps: 32,
    computeCapability: '8.9',
    nodeSelectorLabel: 'NVIDIA-L20',
    hourlyPriceUsd: 2.0,
    prices: priceRows({ default: 2.0, aws: 2.0, gcp: 2.0, azure: 2.0 }),
    availability: 'low',
    notes: 'Mid-range inference GPU, 48 GB GDDR6, PCIe Gen4.',
  },
  {
    type: 'B100',
    aliases: ['NVIDIA-B100', 'B100'],
    vendor: 'NVIDIA',
    architecture: 'Blackwell',
    vramGb: 192,
    fp16Tflops: 1750,
    fp8Tflops: 3500,
    memoryBandwidthGbps: 8000,
    interconnect: 'nvlink',
    interconnectGbps: 900,
    computeCapability: '10.0',
    nodeSelectorLabel: 'NVIDIA-B100',
    hourlyPriceUsd: 6.0,
    prices: priceRows({ default: 6.0, aws: 6.0, gcp: 6.0, azure: 6.0 }),
    availability: 'low',
    notes:
      'Blackwell generation GPU (700 W sibling of B200). Correction: the catalog lists 80 GB; NVIDIA announced the B100 with 192 GB HBM3e at 8 TB/s, which is used here.',
  },
];
