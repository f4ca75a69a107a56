import type { Prisma } from '../../../db/generated/prisma/client.js';

/** The GPU a user names: its type in any letter case, or one of its aliases (e.g. "A100-80", "H100"). */
export function gpuNamed(name: string): Prisma.GpuWhereInput {
  return { OR: [{ type: { equals: name, mode: 'insensitive' } }, { aliases: { has: name } }] };
}
