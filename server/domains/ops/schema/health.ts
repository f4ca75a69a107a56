import { builder } from '../../../graphql/builder.js';
import { checkHealth, type HealthReport } from '../health.js';

/** The `time` heartbeat's interval when none (or null) is given, and its floor. */
const TIME_INTERVAL_MS = { default: 1000, min: 100 } as const;

const SettingRef = builder.objectRef<{ name: string; value: string }>('DatabaseSetting');
SettingRef.implement({ fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }) });

const HealthRef = builder.objectRef<HealthReport>('Health');
HealthRef.implement({
  description: 'Is the server able to serve: database reachable and migrations applied.',
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    databaseReachable: t.boolean({ resolve: (h) => h.database.reachable }),
    databaseLatencyMs: t.float({ nullable: true, resolve: (h) => h.database.latencyMs }),
    databaseError: t.string({ nullable: true, resolve: (h) => h.database.error }),
    migrationsApplied: t.int({ resolve: (h) => h.migrations.applied }),
    pendingMigrations: t.stringList({ resolve: (h) => h.migrations.pending }),
    settings: t.field({
      type: [SettingRef],
      resolve: (h) => Object.entries(h.settings).map(([name, value]) => ({ name, value })),
    }),
  }),
});

builder.queryField('health', (t) =>
  t.field({ type: HealthRef, resolve: (_root, _args, ctx) => checkHealth(ctx.prisma) }),
);

builder.subscriptionField('time', (t) =>
  t.field({
    type: 'DateTime',
    description: 'A heartbeat: the server time every `intervalMs` (default 1000, min 100).',
    args: { intervalMs: t.arg.int({ required: false, defaultValue: TIME_INTERVAL_MS.default }) },
    subscribe: (_root, args) =>
      ticker(Math.max(TIME_INTERVAL_MS.min, args.intervalMs ?? TIME_INTERVAL_MS.default)),
    resolve: (date) => date,
  }),
);

async function* ticker(intervalMs: number): AsyncGenerator<Date> {
  for (;;) {
    yield new Date();
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
