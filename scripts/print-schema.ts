// Writes the GraphQL SDL snapshot (schema.graphql) that the client's codegen and the drift test read.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../server/config.js';
import { printSdl } from '../server/graphql/schema.js';

const target = path.join(projectRoot, 'schema.graphql');
writeFileSync(target, `${printSdl()}\n`);
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
