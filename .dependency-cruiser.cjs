/**
 * The layout's dependency rule (docs/architecture.md), checked by `npm run lint`:
 * kernel ← db ← domains' core/service ← domains' schema ← graphql ← entry points (main, worker,
 * runtime, apps/). Type-only imports count too: a type is a dependency of the design.
 */
const ENTRY = '^server/(main|worker|runtime)\\.ts$';
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'kernel-is-a-leaf',
      comment: 'server/kernel/ imports nothing else from the project.',
      severity: 'error',
      from: { path: '^server/kernel/' },
      to: { path: '^(server/(?!kernel/)|apps/|perf/|client/|test/)' },
    },
    {
      name: 'db-below-domains',
      comment: 'server/db/ knows the kernel, config and logger only.',
      severity: 'error',
      from: { path: '^server/db/' },
      to: { path: '^(server/(domains|graphql)/|apps/|perf/)|' + ENTRY },
    },
    {
      name: 'only-schema-imports-graphql',
      comment: "A domain's service, types and core never import the transport (server/graphql/).",
      severity: 'error',
      from: { path: '^server/domains/[^/]+/', pathNot: '^server/domains/[^/]+/schema(\\.ts$|/)' },
      to: { path: '^server/graphql/' },
    },
    {
      name: 'schema-is-the-top-of-a-domain',
      comment: "Nothing below a domain's schema imports a schema (its own or another domain's).",
      severity: 'error',
      from: { path: '^server/(kernel|db)/|^server/domains/[^/]+/(?!schema(\\.ts$|/))' },
      to: { path: '^server/domains/[^/]+/schema(\\.ts$|/)' },
    },
    {
      name: 'core-is-pure',
      comment: "A domain's core/ holds pure functions: no database, no services, no schema.",
      severity: 'error',
      from: { path: '^server/domains/[^/]+/core/' },
      to: {
        path: '^server/(db|graphql)/|^server/domains/[^/]+/(?!core/|types\\.ts$|seed-data/)',
        pathNot: '^server/db/generated/prisma/(enums|models)',
      },
    },
    {
      name: 'no-entry-points-below',
      comment: 'Entry points (main, worker, runtime, apps) are at the top; nothing in server/ imports them.',
      severity: 'error',
      from: { path: '^server/(kernel|db|domains|graphql)/' },
      to: { path: '^(apps|perf|test|client)/|' + ENTRY },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { path: '^(server|apps)/' },
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^server/db/generated/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      // Type-only packages (@graphql-typed-document-node/core) name their entry in typings, not main.
      mainFields: ['main', 'types', 'typings'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
