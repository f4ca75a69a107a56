import { defineConfig } from 'prisma/config';

// Prisma 7 reads connection settings from here; the app itself resolves the DSN in server/config.ts.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
