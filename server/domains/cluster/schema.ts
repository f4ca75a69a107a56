import { builder } from '../../graphql/builder.js';
import type { InventoryGpuType, InventoryNode } from './core/inventory.js';
import { clusterInventory, type InventoryResult } from './service.js';

const ClusterGpuTypeRef = builder.objectRef<InventoryGpuType>('ClusterGpuType');
ClusterGpuTypeRef.implement({
  description:
    "One catalog GPU type in the cluster: its nodes' allocatable GPUs, what pods request, what is free.",
  fields: (t) => ({
    gpu: t.prismaField({
      type: 'Gpu',
      resolve: async (query, entry, _args, ctx) =>
        ctx.prisma.gpu.findUniqueOrThrow({ ...query, where: { type: entry.gpuType } }),
    }),
    gpuType: t.exposeString('gpuType'),
    nodes: t.exposeInt('nodes'),
    allocatable: t.exposeInt('allocatable'),
    requested: t.exposeInt('requested', { description: "GPUs requested by the nodes' unfinished pods." }),
    free: t.exposeInt('free', { description: 'Allocatable − requested on schedulable nodes.' }),
    freePerNode: t.exposeIntList('freePerNode', {
      description: 'Free GPUs per schedulable node, largest first (a replica must fit on one node).',
    }),
  }),
});

const ClusterNodeRef = builder.objectRef<InventoryNode>('ClusterNode');
ClusterNodeRef.implement({
  description: 'A node with GPUs, or with a GPU product label.',
  fields: (t) => ({
    name: t.exposeString('name'),
    gpuType: t.exposeString('gpuType', {
      nullable: true,
      description: 'The catalog GPU type its product label maps to; null when none does (see note).',
    }),
    productLabel: t.exposeString('productLabel', {
      nullable: true,
      description: 'nvidia.com/gpu.product or amd.com/gpu.product-name.',
    }),
    resource: t.exposeString('resource', { nullable: true, description: 'nvidia.com/gpu or amd.com/gpu.' }),
    allocatable: t.exposeInt('allocatable'),
    requested: t.exposeInt('requested'),
    free: t.exposeInt('free'),
    schedulable: t.exposeBoolean('schedulable', { description: 'Ready and not cordoned.' }),
    note: t.exposeString('note', { nullable: true }),
  }),
});

const ClusterInventoryRef = builder.objectRef<InventoryResult>('ClusterInventory');
ClusterInventoryRef.implement({
  description:
    'GPUs of the configured Kubernetes cluster by catalog type (docs/recommendations.md, "Your cluster"). ' +
    'Without a cluster, or when it cannot be read, connected is false and message says why.',
  fields: (t) => ({
    connected: t.exposeBoolean('connected'),
    message: t.string({ nullable: true, resolve: (r) => (r.connected ? null : r.message) }),
    server: t.string({ nullable: true, resolve: (r) => (r.connected ? r.snapshot.server : r.server) }),
    listedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When nodes and pods were last listed; watches keep the numbers current since.',
      resolve: (r) => (r.connected ? r.snapshot.listedAt : null),
    }),
    watching: t.boolean({ resolve: (r) => r.connected && r.snapshot.watching }),
    gpuTypes: t.field({
      type: [ClusterGpuTypeRef],
      resolve: (r) => (r.connected ? r.snapshot.gpuTypes : []),
    }),
    nodes: t.field({ type: [ClusterNodeRef], resolve: (r) => (r.connected ? r.snapshot.nodes : []) }),
  }),
});

builder.queryField('clusterInventory', (t) =>
  t.field({
    type: ClusterInventoryRef,
    description:
      "The cluster's GPUs per catalog type: allocatable, requested by pods, free. Cached, kept current by watches.",
    args: { refresh: t.arg.boolean({ required: false, description: 'List nodes and pods again now.' }) },
    resolve: (_root, args, ctx) =>
      clusterInventory(ctx.prisma, ctx.deployments.inventory, { refresh: args.refresh ?? false }),
  }),
);
