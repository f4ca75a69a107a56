import { builder } from '../../../graphql/builder.js';
import {
  databaseActivity,
  MAX_QUERY_TEXT,
  SLOW_QUERY_DEFAULTS,
  SLOW_QUERY_ORDERS,
  resetSlowQueries,
  slowQueries,
  type ApplicationActivity,
  type SlowQuery,
  type SlowQueryReport,
} from '../insights.js';

const SlowQueryOrderEnum = builder.enumType('SlowQueryOrder', {
  description:
    'TOTAL_TIME: where the database spends its time · MEAN_TIME: slowest per call · CALLS: most run.',
  values: SLOW_QUERY_ORDERS,
});

const SlowQueryRef = builder.objectRef<SlowQuery>('SlowQuery');
SlowQueryRef.implement({
  description: 'One normalised statement from pg_stat_statements (constants shown as $1, $2, …).',
  fields: (t) => ({
    query: t.exposeString('query', { description: `The statement, cut at ${MAX_QUERY_TEXT} characters.` }),
    queryTruncated: t.exposeBoolean('queryTruncated'),
    calls: t.exposeFloat('calls'),
    totalTimeMs: t.exposeFloat('totalTimeMs', { description: 'Execution time summed over all calls.' }),
    meanTimeMs: t.exposeFloat('meanTimeMs'),
    rows: t.exposeFloat('rows', { description: 'Rows returned or affected, summed over all calls.' }),
    applications: t.exposeStringList('applications', {
      description:
        'application_name of the connections whose latest statement this is (compass-api, compass-worker, …); ' +
        'empty when no open connection last ran it.',
    }),
  }),
});

const SlowQueryReportRef = builder.objectRef<SlowQueryReport>('SlowQueryReport');
SlowQueryReportRef.implement({
  fields: (t) => ({
    available: t.exposeBoolean('available', {
      description: 'False when pg_stat_statements is missing or not preloaded; `note` says why.',
    }),
    note: t.exposeString('note', { nullable: true }),
    statsSince: t.expose('statsSince', {
      type: 'DateTime',
      nullable: true,
      description: 'When the statistics were last reset (PostgreSQL 14+).',
    }),
    queries: t.field({ type: [SlowQueryRef], resolve: (report) => report.queries }),
  }),
});

const ApplicationActivityRef = builder.objectRef<ApplicationActivity>('ApplicationActivity');
ApplicationActivityRef.implement({
  description: "Client connections to Compass's database from one application_name, by state.",
  fields: (t) => ({
    application: t.exposeString('application'),
    connections: t.exposeInt('connections'),
    active: t.exposeInt('active'),
    idle: t.exposeInt('idle'),
    idleInTransaction: t.exposeInt('idleInTransaction'),
    other: t.exposeInt('other', { description: 'States this role may not see, and rare states.' }),
    waitingOnLock: t.exposeInt('waitingOnLock'),
    longestActiveMs: t.exposeFloat('longestActiveMs', { nullable: true }),
  }),
});

builder.queryFields((t) => ({
  slowQueries: t.field({
    type: SlowQueryReportRef,
    description: "This database's costliest statements from pg_stat_statements. Admin.",
    authScopes: { admin: true },
    args: {
      first: t.arg.int({ required: false, defaultValue: SLOW_QUERY_DEFAULTS.first }),
      orderBy: t.arg({
        type: SlowQueryOrderEnum,
        required: false,
        defaultValue: SLOW_QUERY_DEFAULTS.orderBy,
      }),
    },
    resolve: (_root, args, ctx) => slowQueries(ctx.prisma, args),
  }),
  databaseActivity: t.field({
    type: [ApplicationActivityRef],
    description:
      'Connections to this database grouped by application_name (pg_stat_activity): shows the API and ' +
      'background pools working side by side. Admin.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => databaseActivity(ctx.prisma),
  }),
}));

builder.mutationField('resetSlowQueries', (t) =>
  t.boolean({
    description: 'Resets pg_stat_statements for this database only. False when it is unavailable. Admin.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => resetSlowQueries(ctx.prisma),
  }),
);
