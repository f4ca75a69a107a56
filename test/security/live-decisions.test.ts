import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * Issue 17 item 4: decisions taken once that a later change must undo. The namespace allow-list
 * (COMPASS_NAMESPACES, here `compass`) is checked again on every write to an existing deployment, so one
 * created in a namespace that has since been dropped cannot be deleted or prompted through Compass.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { mutationsPerMinute: 10_000 } });
});
afterAll(async () => {
  await server?.close();
});

async function deploymentIn(namespace: string, appliedObjects: unknown[] | null) {
  return server.clients.api.deployment.create({
    data: {
      name: `d-${namespace}`,
      namespace,
      mode: 'SIMULATOR',
      state: 'APPLIED',
      gpuCount: 1,
      minReplicas: 1,
      maxReplicas: 1,
      config: {},
      manifests: '',
      endpointUrl: 'http://127.0.0.1:9/v1',
      ...(appliedObjects ? { appliedObjects: appliedObjects as object[] } : {}),
    },
  });
}

describe('namespace allow-list on existing deployments', () => {
  it('refuses deleteDeployment and testInference once the namespace is no longer allowed', async () => {
    const retired = await deploymentIn('retired', [
      { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd-retired', namespace: 'retired' },
    ]);
    const deleted = await gql(
      server,
      'mutation($id: ID!) { deleteDeployment(id: $id) { deployment { id } } }',
      {
        id: String(retired.id),
      },
    );
    expect(deleted.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NAMESPACE_NOT_ALLOWED',
      namespace: 'retired',
    });
    const prompted = await gql(
      server,
      'mutation($id: ID!) { testInference(deploymentId: $id, prompt: "hi") { text } }',
      { id: String(retired.id) },
    );
    expect(prompted.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NAMESPACE_NOT_ALLOWED',
    });
    const after = await server.clients.api.deployment.findUniqueOrThrow({ where: { id: retired.id } });
    expect(after.state).toBe('APPLIED');
    expect(after.deletedAt).toBeNull();
  });

  it('still deletes a deployment in an allowed namespace', async () => {
    const kept = await deploymentIn('compass', null);
    const deleted = await gql(
      server,
      'mutation($id: ID!) { deleteDeployment(id: $id) { deployment { state } } }',
      {
        id: String(kept.id),
      },
    );
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data).toEqual({ deleteDeployment: { deployment: { state: 'DELETED' } } });
  });
});
