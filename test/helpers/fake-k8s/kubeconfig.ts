import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';

/** Writes a real kubeconfig (token user, plain HTTP, hence insecure-skip-tls-verify) pointing at `server`. */
export async function writeKubeconfig(
  dir: string,
  server: string,
  token: string,
  namespace: string,
): Promise<string> {
  const file = path.join(dir, 'kubeconfig.yaml');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake-user', user: { token } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake-user', namespace } }],
    'current-context': 'fake',
  };
  await fs.writeFile(file, stringify(config), { mode: 0o600 });
  return file;
}
