/**
 * Image references for an air-gapped cluster: with a mirror registry configured
 * (`COMPASS_IMAGE_REGISTRY`, e.g. `registry.internal:5000/mirror`), every image that names no registry
 * of its own (`vllm/vllm-openai`, `compass-simulator`) is pulled from the mirror instead of Docker Hub.
 * An image that already names a registry (`ghcr.io/org/image`) was chosen explicitly and is kept.
 */

/** `host[:port]` then optional `/path` segments; lower-case, as registries and the CRI expect. */
const REGISTRY =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*(?::[0-9]{1,5})?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/;

export function isImageRegistry(value: string): boolean {
  return value.length <= 200 && REGISTRY.test(value);
}

/**
 * The distribution spec's rule for the first path component: it is a registry host when it contains a
 * `.` or a `:`, or is `localhost`; otherwise the image lives on Docker Hub.
 */
export function namesRegistry(image: string): boolean {
  const slash = image.indexOf('/');
  if (slash < 0) return false;
  const first = image.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}

export function imageReference(image: string, tag: string, registry: string | null): string {
  const repository = registry && !namesRegistry(image) ? `${registry}/${image}` : image;
  return `${repository}:${tag}`;
}
