import type { ObjectRef } from '@pothos/core';
import { builder } from './builder.js';

type TotalCountSource = { totalCount?: number | Promise<number> | (() => number | Promise<number>) };

/**
 * A named, shared Relay connection (`ModelConnection`, `BenchmarkConnection`, …) with `totalCount`,
 * so every field returning that kind of list has one type, as API.md names it.
 */
export function sharedConnection<Shape extends object>(
  nodeRef: ObjectRef<typeof builder.$inferSchemaTypes, Shape>,
  name: string,
) {
  return builder.connectionObject(
    {
      type: nodeRef,
      name,
      fields: (t) => ({
        totalCount: t.int({
          description: 'All matching rows, not just this page.',
          extensions: { pothosPrismaTotalCount: true },
          resolve: async (connection) => {
            const source = (connection as TotalCountSource).totalCount;
            const count = typeof source === 'function' ? source() : source;
            return (await count) ?? 0;
          },
        }),
      }),
    },
    { name: name.replace(/Connection$/, 'Edge') },
  );
}
