import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DomainError } from '../../server/kernel/errors.js';
import { indexedJobShape, renderWorkerJob } from '../../server/domains/loadtest/worker-job.js';

describe('the Indexed Job of a multi-worker run', () => {
  it('runs one pod per shard, each the worker for its JOB_COMPLETION_INDEX', async () => {
    const yaml = await renderWorkerJob(
      { id: 17, workers: 4 },
      { image: 'ghcr.io/acme/compass:1.4.0', namespace: 'bench', memory: '2Gi' },
    );
    const job = indexedJobShape.parse(parse(yaml));
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.metadata).toMatchObject({ name: 'compass-run-17-workers', namespace: 'bench' });
    expect(job.metadata.labels['compass.io/run-id']).toBe('17');
    expect(job.spec).toMatchObject({
      completionMode: 'Indexed',
      completions: 4,
      parallelism: 4,
      backoffLimit: 0,
    });
    const pod = job.spec.template.spec;
    expect(pod.restartPolicy).toBe('Never');
    const [container] = pod.containers;
    expect(container!.image).toBe('ghcr.io/acme/compass:1.4.0');
    expect(container!.command).toEqual(['npx', 'tsx', 'server/worker.ts']);
    const env = Object.fromEntries(container!.env.map((e) => [e.name, 'value' in e ? e.value : e.valueFrom]));
    expect(env.COMPASS_RUN_ID).toBe('17');
    // The shard is Kubernetes' completion index, which it sets in each pod; nothing overrides it.
    expect(env.COMPASS_SHARD).toBeUndefined();
    expect(env.JOB_COMPLETION_INDEX).toBeUndefined();
    expect(env.DATABASE_URL).toEqual({ secretKeyRef: { name: 'compass-database', key: 'url' } });
    expect(env.COMPASS_SECRET_KEY).toEqual({ secretKeyRef: { name: 'compass-secret-key', key: 'key' } });
    expect(container!.resources).toEqual({
      requests: { cpu: '1', memory: '2Gi' },
      limits: { memory: '2Gi' },
    });
  });

  it('refuses values that are not what they claim, with the argument named', async () => {
    const refused = async (input: Parameters<typeof renderWorkerJob>[1]) => {
      const error = await renderWorkerJob({ id: 1, workers: 2 }, input).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      return (error as DomainError).details.argument;
    };
    expect(await refused({ image: 'compass:1\n  hostNetwork: true' })).toBe('image');
    expect(await refused({ image: 'compass:1', namespace: 'Bench!' })).toBe('namespace');
    expect(await refused({ image: 'compass:1', cpu: '1; rm' })).toBe('cpu');
    await expect(renderWorkerJob({ id: 1, workers: 33 }, { image: 'compass:1' })).rejects.toThrow(
      /33 workers/,
    );
  });
});
