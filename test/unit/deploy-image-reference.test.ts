import { describe, expect, it } from 'vitest';
import {
  imageReference,
  isImageRegistry,
  namesRegistry,
} from '../../server/domains/deploy/render/image-reference.js';
import { createDeploymentRuntime } from '../../server/domains/deploy/runtime.js';
import { loadConfig } from '../../server/config.js';

describe('imageReference', () => {
  it('tells Docker Hub names from names with a registry host (dot, port or localhost)', () => {
    expect(['vllm/vllm-openai', 'compass-simulator', 'rocm/vllm'].map(namesRegistry)).toEqual([
      false,
      false,
      false,
    ]);
    expect(
      ['ghcr.io/acme/vllm', 'registry:5000/vllm', 'localhost/vllm', 'quay.io/x'].map(namesRegistry),
    ).toEqual([true, true, true, true]);
  });

  it('prefixes the mirror only to images without a registry, and always appends the tag', () => {
    expect(imageReference('vllm/vllm-openai', 'v0.10.2', null)).toBe('vllm/vllm-openai:v0.10.2');
    expect(imageReference('vllm/vllm-openai', 'v0.10.2', 'mirror.local')).toBe(
      'mirror.local/vllm/vllm-openai:v0.10.2',
    );
    expect(imageReference('compass-simulator', 'latest', 'mirror.local:5000/hub')).toBe(
      'mirror.local:5000/hub/compass-simulator:latest',
    );
    expect(imageReference('ghcr.io/acme/vllm', '1', 'mirror.local')).toBe('ghcr.io/acme/vllm:1');
  });

  it('accepts host[:port][/path] registries and refuses URLs, upper case, spaces and tags', () => {
    expect(
      ['mirror.local', 'mirror.local:5000', 'registry.internal:5000/mirror/hub', 'harbor'].map(
        isImageRegistry,
      ),
    ).toEqual([true, true, true, true]);
    expect(
      [
        'https://mirror.local',
        'Mirror.local',
        'mirror local',
        'mirror.local/hub:1',
        '',
        'mirror.local:99999x',
      ].map(isImageRegistry),
    ).toEqual([false, false, false, false, false, false]);
  });
});

describe('COMPASS_IMAGE_REGISTRY', () => {
  it('reaches the deployment runtime normalised, unset means images as written, nonsense refuses to start', () => {
    const config = loadConfig({ COMPASS_IMAGE_REGISTRY: ' registry.internal:5000/hub/ ' });
    expect(config.kubernetes.imageRegistry).toBe('registry.internal:5000/hub');
    expect(createDeploymentRuntime(config.kubernetes).imageRegistry).toBe('registry.internal:5000/hub');
    expect(loadConfig({}).kubernetes.imageRegistry).toBeNull();
    expect(() => loadConfig({ COMPASS_IMAGE_REGISTRY: 'https://mirror.local' })).toThrow(/registry host/);
  });
});
