import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

describe('deploy/compass.yaml (Compass on Kubernetes)', () => {
  const docs = parseAllDocuments(readFileSync('deploy/compass.yaml', 'utf8')).map(
    (d) =>
      d.toJS() as {
        kind: string;
        metadata: { name: string };
        spec?: { template?: { spec: { containers: { env?: { name: string; value: string }[] }[] } } };
      },
  );

  it('parses and holds the API, the workers, their service and RBAC', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'ServiceAccount/compass',
      'Role/compass-deployer',
      'RoleBinding/compass-deployer',
      'Deployment/compass-api',
      'Deployment/compass-worker',
      'Service/compass',
    ]);
  });

  it('runs the API with tokens required and no in-process workers', () => {
    const api = docs.find((d) => d.metadata.name === 'compass-api')!;
    const env = Object.fromEntries(
      api.spec!.template!.spec.containers[0]!.env!.map((e) => [e.name, e.value]),
    );
    expect(env).toMatchObject({ COMPASS_WORKERS: '0', COMPASS_AUTH: 'tokens' });
  });
});
