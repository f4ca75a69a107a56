import { describe, expect, it } from 'vitest';
import { matchGpuProduct, parseProductName } from '../../server/domains/catalog/core/gpu-product.js';
import { gpus } from '../../server/domains/catalog/seed-data/gpus.js';
import { podGpuRequests, summarizeInventory } from '../../server/domains/cluster/core/inventory.js';
import { clusterFit } from '../../server/domains/recommend/core/constraints.js';

const match = (label: string) => {
  const m = matchGpuProduct(label, gpus);
  return m.kind === 'MATCHED' ? m.gpuType : null;
};

describe('GPU product labels → catalog types', () => {
  it('maps the labels GPU feature discovery and the AMD node labeller write', () => {
    expect(match('NVIDIA-H100-80GB-HBM3')).toBe('H100');
    expect(match('NVIDIA-A100-SXM4-80GB')).toBe('A100-80');
    expect(match('NVIDIA-A100-SXM4-40GB')).toBe('A100-40');
    expect(match('NVIDIA-A100-PCIE-40GB')).toBe('A100-40');
    expect(match('NVIDIA-A100-80GB-PCIe')).toBe('A100-80');
    expect(match('NVIDIA-L4')).toBe('L4');
    expect(match('NVIDIA-L40S')).toBe('L40S');
    expect(match('NVIDIA-A10G')).toBe('A10G');
    expect(match('NVIDIA-H200')).toBe('H200');
    expect(match('AMD_Instinct_MI300X_OAM')).toBe('MI300X');
    expect(match('AMD-MI300X-192G')).toBe('MI300X');
  });

  it('says why a label names no catalog type', () => {
    expect(matchGpuProduct('Tesla-T4', gpus)).toMatchObject({ kind: 'UNKNOWN' });
    expect(matchGpuProduct('NVIDIA-A100', gpus)).toEqual({
      kind: 'UNKNOWN',
      reason: '"NVIDIA-A100" could be A100-40 or A100-80 (no memory size in the label)',
    });
    expect(parseProductName('NVIDIA-A100-SXM4-40GB-MIG-1g.5gb')).toBeNull();
    expect(parseProductName('NVIDIA-GH200-480GB')).toEqual({ model: 'GH200', memoryGb: 480 });
  });
});

describe('inventory arithmetic', () => {
  it("counts a pod's GPUs as the scheduler does", () => {
    const c = (n: string, limitsOnly = false) => ({
      resources: limitsOnly ? { limits: { 'nvidia.com/gpu': n } } : { requests: { 'nvidia.com/gpu': n } },
    });
    expect(podGpuRequests([c('2'), c('1', true)])).toEqual({ 'nvidia.com/gpu': 3 });
    // An init container needing more than the app containers together sets the request.
    expect(podGpuRequests([c('1')], [c('4')])).toEqual({ 'nvidia.com/gpu': 4 });
    expect(podGpuRequests([{ resources: { requests: { cpu: '2' } } }])).toEqual({});
  });

  it('sums allocatable, requested and free per type; cordoned nodes offer nothing', () => {
    const node = (name: string, product: string, n: number, schedulable = true) => ({
      name,
      labels: { 'nvidia.com/gpu.product': product },
      allocatable: { 'nvidia.com/gpu': String(n) },
      schedulable,
    });
    const pod = (nodeName: string, n: number, phase = 'Running') => ({
      namespace: 'x',
      name: `${nodeName}-${n}-${phase}`,
      nodeName,
      phase,
      gpus: { 'nvidia.com/gpu': n },
    });
    const inv = summarizeInventory(
      [node('a', 'NVIDIA-L4', 4), node('b', 'NVIDIA-L4', 8), node('c', 'NVIDIA-L4', 8, false)],
      [pod('a', 3), pod('b', 2), pod('b', 8, 'Succeeded')],
      gpus,
    );
    expect(inv.gpuTypes).toEqual([
      { gpuType: 'L4', nodes: 3, allocatable: 20, requested: 5, free: 7, freePerNode: [6, 1] },
    ]);
  });

  it('fits replicas node by node', () => {
    const l4 = { free: 7, freePerNode: [6, 1] };
    // 2-GPU replicas: 3 fit on the 6-GPU node, none on the 1-GPU node.
    expect(clusterFit(l4, 'L4', 2, 3)).toEqual({
      gpuType: 'L4',
      free: 7,
      placeableReplicas: 3,
      fits: true,
      freeAfter: 1,
    });
    expect(clusterFit(l4, 'L4', 2, 4)).toMatchObject({ fits: false, placeableReplicas: 3, freeAfter: 7 });
    expect(clusterFit(undefined, 'H100', 1, 1)).toMatchObject({ fits: false, free: 0 });
  });
});
