import { randomUUID } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { jsonPatch, mergePatch } from './patch.js';
import type { PodController } from './pods.js';
import { parseLabelSelector } from './selectors.js';
import { HttpStatusError, successStatus, type Json } from './status.js';
import { nowTimestamp, type FakeClusterState } from './store.js';

/**
 * Namespaced custom resources (InferenceService, ServingRuntime, ServiceMonitor) with the real API's
 * semantics for what Compass uses: list/get/create/replace/patch/delete, dryRun=All, 409 AlreadyExists
 * and optimistic-concurrency Conflict, 422 Invalid with causes, 404 NotFound, resourceVersion bumps,
 * generation bumps on spec changes, status owned by the (fake) controller.
 */

export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
}

export const RESOURCE_TYPES: ResourceType[] = [
  { group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices', kind: 'InferenceService' },
  { group: 'serving.kserve.io', version: 'v1alpha1', plural: 'servingruntimes', kind: 'ServingRuntime' },
  { group: 'monitoring.coreos.com', version: 'v1', plural: 'servicemonitors', kind: 'ServiceMonitor' },
];

export interface CustomRequest {
  method: string;
  type: ResourceType;
  namespace: string;
  name: string | null;
  query: URLSearchParams;
  contentType: string;
  body: string;
}

export interface CustomContext {
  state: FakeClusterState;
  pods: PodController;
  validateBody?: (object: Json, kind: string) => string[];
}

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function qualified(type: ResourceType): string {
  return `${type.plural}.${type.group}`;
}

function notFound(type: ResourceType, name: string): HttpStatusError {
  return new HttpStatusError(404, `${qualified(type)} "${name}" not found`, 'NotFound', {
    name,
    group: type.group,
    kind: type.plural,
  });
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new HttpStatusError(400, 'the request body is not valid JSON', 'BadRequest');
  }
}

function isDryRun(query: URLSearchParams): boolean {
  const values = query.getAll('dryRun');
  if (values.some((v) => v !== 'All'))
    throw new HttpStatusError(400, `invalid dry run value ${JSON.stringify(values)}`, 'BadRequest');
  return values.length > 0;
}

/** The checks the API server makes before admitting an object (422 Invalid with causes). */
function validate(ctx: CustomContext, req: CustomRequest, body: unknown, urlName: string | null): Json {
  if (!isRecord(body)) throw new HttpStatusError(400, 'the request body must be a JSON object', 'BadRequest');
  const { type } = req;
  const causes: { reason: string; message: string; field: string }[] = [];
  const expectedApiVersion = `${type.group}/${type.version}`;
  if (body.apiVersion !== expectedApiVersion) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'apiVersion',
      message: `Invalid value: ${JSON.stringify(body.apiVersion)}: must be ${expectedApiVersion}`,
    });
  }
  if (body.kind !== type.kind) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'kind',
      message: `Invalid value: ${JSON.stringify(body.kind)}: must be ${type.kind}`,
    });
  }
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  body.metadata = metadata;
  if (metadata.namespace !== undefined && metadata.namespace !== req.namespace) {
    throw new HttpStatusError(
      400,
      'the namespace of the provided object does not match the namespace sent on the request',
      'BadRequest',
    );
  }
  metadata.namespace = req.namespace;
  if (
    (metadata.name === undefined || metadata.name === '') &&
    typeof metadata.generateName === 'string' &&
    req.method === 'POST'
  ) {
    metadata.name = `${metadata.generateName}${randomUUID().slice(0, 5)}`;
  }
  const name = metadata.name;
  if (typeof name !== 'string' || name === '') {
    causes.push({
      reason: 'FieldValueRequired',
      field: 'metadata.name',
      message: 'Required value: name or generateName is required',
    });
  } else if (name.length > 253 || !SUBDOMAIN.test(name)) {
    causes.push({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
      message: `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'`,
    });
  } else if (urlName !== null && name !== urlName) {
    throw new HttpStatusError(
      400,
      `the name of the object (${name}) does not match the name on the URL (${urlName})`,
      'BadRequest',
    );
  }
  for (const [key, value] of Object.entries(isRecord(metadata.labels) ? metadata.labels : {})) {
    if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
      causes.push({
        reason: 'FieldValueInvalid',
        field: `metadata.labels`,
        message: `Invalid value: ${JSON.stringify(value)}: label ${key} must be a valid label value`,
      });
    }
  }
  if (type.kind === 'InferenceService' && !(isRecord(body.spec) && isRecord(body.spec.predictor))) {
    causes.push({ reason: 'FieldValueRequired', field: 'spec.predictor', message: 'Required value' });
  }
  for (const message of ctx.validateBody?.(body, type.kind) ?? []) {
    causes.push({ reason: 'FieldValueInvalid', field: 'spec', message });
  }
  if (causes.length > 0) {
    const shown = String(typeof name === 'string' ? name : '');
    const list = causes.map((c) => `${c.field}: ${c.message}`);
    throw new HttpStatusError(
      422,
      `${type.kind}.${type.group} "${shown}" is invalid: ${list.length === 1 ? list[0] : `[${list.join(', ')}]`}`,
      'Invalid',
      { name: shown, group: type.group, kind: type.kind, causes },
    );
  }
  return body;
}

function specChanged(a: Json, b: Json): boolean {
  return JSON.stringify(a.spec ?? null) !== JSON.stringify(b.spec ?? null);
}

export function handleCustomObject(ctx: CustomContext, req: CustomRequest): { status: number; body: Json } {
  const { state, pods } = ctx;
  const { type, namespace, name, query } = req;
  const key = (n: string) => state.objectKey(type.plural, namespace, n);

  if (req.method === 'GET' && name === null) {
    const matches = parseLabelSelector(query.get('labelSelector'));
    const items = state
      .objects(type.plural, namespace)
      .filter((o) =>
        matches(
          isRecord((o.metadata as Json).labels)
            ? ((o.metadata as Json).labels as Record<string, string>)
            : {},
        ),
      );
    return {
      status: 200,
      body: {
        apiVersion: `${type.group}/${type.version}`,
        kind: `${type.kind}List`,
        metadata: { resourceVersion: state.resourceVersion },
        items,
      },
    };
  }
  if (name === null && req.method !== 'POST')
    throw new HttpStatusError(405, `${req.method} is not allowed on a collection`, 'MethodNotAllowed');

  if (req.method === 'GET') {
    const object = state.customObjects.get(key(name ?? ''));
    if (!object) throw notFound(type, name ?? '');
    return { status: 200, body: structuredClone(object) };
  }

  if (req.method === 'POST') {
    const dryRun = isDryRun(query);
    const object = validate(ctx, req, parseJson(req.body), null);
    const objectName = String((object.metadata as Json).name);
    if (state.customObjects.has(key(objectName))) {
      throw new HttpStatusError(409, `${qualified(type)} "${objectName}" already exists`, 'AlreadyExists', {
        name: objectName,
        group: type.group,
        kind: type.plural,
      });
    }
    return create(ctx, type, object, dryRun);
  }

  const existing = state.customObjects.get(key(name ?? ''));

  if (req.method === 'PUT') {
    const dryRun = isDryRun(query);
    if (!existing) throw notFound(type, name ?? '');
    const object = validate(ctx, req, parseJson(req.body), name);
    const rv = (object.metadata as Json).resourceVersion;
    if (rv === undefined || rv === '') {
      throw new HttpStatusError(
        422,
        `${type.kind}.${type.group} "${name ?? ''}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
        'Invalid',
        {
          name: name ?? '',
          group: type.group,
          kind: type.kind,
          causes: [
            {
              reason: 'FieldValueInvalid',
              field: 'metadata.resourceVersion',
              message: 'must be specified for an update',
            },
          ],
        },
      );
    }
    if (rv !== (existing.metadata as Json).resourceVersion) throw conflict(type, name ?? '');
    return update(ctx, type, existing, object, dryRun, 200);
  }

  if (req.method === 'PATCH') {
    const dryRun = isDryRun(query);
    const contentType = req.contentType.split(';')[0]?.trim() ?? '';
    if (contentType === 'application/apply-patch+yaml') {
      if (!query.get('fieldManager')) {
        throw new HttpStatusError(
          422,
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
          'Invalid',
        );
      }
      let applied: unknown;
      try {
        applied = parseYaml(req.body);
      } catch {
        throw new HttpStatusError(400, 'the apply patch is not valid YAML', 'BadRequest');
      }
      if (!existing) return create(ctx, type, validate(ctx, req, applied, name), dryRun);
      const merged = validate(ctx, req, mergePatch(existing, applied), name);
      return update(ctx, type, existing, merged, dryRun, 200);
    }
    if (!existing) throw notFound(type, name ?? '');
    let patched: unknown;
    if (contentType === 'application/merge-patch+json') patched = mergePatch(existing, parseJson(req.body));
    else if (contentType === 'application/json-patch+json')
      patched = jsonPatch(existing, parseJson(req.body));
    else {
      throw new HttpStatusError(
        415,
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
        'UnsupportedMediaType',
      );
    }
    const object = validate(ctx, req, patched, name);
    const rv = (object.metadata as Json).resourceVersion;
    if (rv !== undefined && rv !== (existing.metadata as Json).resourceVersion)
      throw conflict(type, name ?? '');
    return update(ctx, type, existing, object, dryRun, 200);
  }

  if (req.method === 'DELETE') {
    const dryRun = isDryRun(query);
    if (!existing) throw notFound(type, name ?? '');
    if (!dryRun) {
      state.customObjects.delete(key(name ?? ''));
      state.nextResourceVersion();
      if (type.kind === 'InferenceService') pods.deleteFor(namespace, name ?? '');
    }
    return {
      status: 200,
      body: successStatus({ name: name ?? '', group: type.group, kind: type.plural }),
    };
  }
  throw new HttpStatusError(405, `method ${req.method} is not allowed`, 'MethodNotAllowed');
}

function conflict(type: ResourceType, name: string): HttpStatusError {
  return new HttpStatusError(
    409,
    `Operation cannot be fulfilled on ${qualified(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
    { name, group: type.group, kind: type.plural },
  );
}

function create(
  ctx: CustomContext,
  type: ResourceType,
  object: Json,
  dryRun: boolean,
): { status: number; body: Json } {
  const metadata = object.metadata as Json;
  delete object.status;
  metadata.uid = randomUUID();
  metadata.creationTimestamp = nowTimestamp();
  metadata.generation = 1;
  delete metadata.resourceVersion;
  if (dryRun) return { status: 201, body: object };
  metadata.resourceVersion = ctx.state.nextResourceVersion();
  ctx.state.customObjects.set(
    ctx.state.objectKey(type.plural, String(metadata.namespace), String(metadata.name)),
    object,
  );
  if (type.kind === 'InferenceService') ctx.pods.reconcile(object);
  return {
    status: 201,
    body: structuredClone(
      ctx.state.customObjects.get(
        ctx.state.objectKey(type.plural, String(metadata.namespace), String(metadata.name)),
      ) ?? object,
    ),
  };
}

function update(
  ctx: CustomContext,
  type: ResourceType,
  existing: Json,
  object: Json,
  dryRun: boolean,
  status: number,
): { status: number; body: Json } {
  const before = existing.metadata as Json;
  const metadata = object.metadata as Json;
  metadata.uid = before.uid;
  metadata.creationTimestamp = before.creationTimestamp;
  metadata.generation = Number(before.generation ?? 1) + (specChanged(existing, object) ? 1 : 0);
  // status is a subresource: writes to the main resource cannot change it.
  if (existing.status !== undefined) object.status = structuredClone(existing.status);
  else delete object.status;
  if (dryRun) return { status, body: object };
  metadata.resourceVersion = ctx.state.nextResourceVersion();
  ctx.state.customObjects.set(
    ctx.state.objectKey(type.plural, String(metadata.namespace), String(metadata.name)),
    object,
  );
  if (type.kind === 'InferenceService') ctx.pods.reconcile(object);
  return {
    status,
    body: structuredClone(
      ctx.state.customObjects.get(
        ctx.state.objectKey(type.plural, String(metadata.namespace), String(metadata.name)),
      ) ?? object,
    ),
  };
}
