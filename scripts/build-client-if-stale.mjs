// `npm start` runs this first (prestart): builds the web client into client/dist when it is missing
// or older than its sources, so a fresh clone's `npm install && npm start` serves the client at /.
// An up-to-date build costs a directory walk (a few ms). COMPASS_SKIP_CLIENT_BUILD=1 skips it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const clientDir = path.join(projectRoot, 'client');
const builtIndex = path.join(clientDir, 'dist', 'index.html');

/** Newest modification time (ms) of a file or of every file under a directory. */
function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function main() {
  if (process.env.COMPASS_SKIP_CLIENT_BUILD === '1') return;
  const sources = ['index.html', 'vite.config.ts', 'src'].map((p) => path.join(clientDir, p));
  const sourceTime = Math.max(...sources.map(newestMtime));
  const builtTime = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
  if (builtTime >= sourceTime) return;

  let viteBin;
  try {
    viteBin = path.join(
      path.dirname(createRequire(import.meta.url).resolve('vite/package.json')),
      'bin',
      'vite.js',
    );
  } catch {
    console.warn(
      '[client] vite is not installed; not building the web client (the server shows a notice at /)',
    );
    return;
  }
  console.log(
    `[client] ${builtTime ? 'client/src changed' : 'client/dist missing'}: building the web client…`,
  );
  const result = spawnSync(
    process.execPath,
    [viteBin, 'build', '--config', path.join(clientDir, 'vite.config.ts'), '--logLevel', 'warn'],
    { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  // A failed build must not stop the API from starting: the server says the client is not built.
  if (result.status !== 0) console.warn('[client] the build failed; starting without the web client');
}

main();
