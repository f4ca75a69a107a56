import fs from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import { parse } from 'yaml';
import { describeValue } from '../render/k8s-names.js';
import type { DeployValidationError } from '../types.js';

/**
 * Validates manifests against a CustomResourceDefinition's `openAPIV3Schema` the way an API server
 * would (structural schema + the Kubernetes extensions), so tests can hold rendered manifests to the
 * real KServe CRDs without a cluster.
 *
 * Kubernetes extensions: `x-kubernetes-int-or-string` (integer or string), `x-kubernetes-list-type`
 * `set`/`map` (unique items / unique map keys), `x-kubernetes-preserve-unknown-fields` (free-form),
 * `x-kubernetes-embedded-resource` (implicit apiVersion/kind/metadata). `x-kubernetes-validations`
 * (CEL) rules are not evaluated. Unknown fields are rejected by default (like `fieldValidation=Strict`;
 * a lenient server would silently prune them, which hides template typos).
 */

export interface CrdSchemaIssue {
  /** JSON pointer into the validated object, e.g. `/spec/predictor/minReplicas`. */
  path: string;
  message: string;
  keyword: string;
}

export interface CrdValidator {
  group: string;
  kind: string;
  plural: string;
  version: string;
  /** Empty when the object conforms. */
  validate(object: unknown): CrdSchemaIssue[];
}

export interface CrdValidatorOptions {
  /** Served version to use; defaults to the storage version (else the first served one). */
  version?: string;
  /** `reject` (default) fails on fields the schema does not declare; `allow` accepts them. */
  unknownFields?: 'reject' | 'allow';
}

export class CrdSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrdSchemaError';
  }
}

type Schema = Record<string, unknown>;

const MAX_ISSUES = 25;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const cache = new Map<string, CrdValidator>();

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Loads (and caches: compiling the InferenceService CRD takes seconds) a validator for a CRD file. */
export function loadCrdValidator(crdPath: string, options: CrdValidatorOptions = {}): CrdValidator {
  const key = `${crdPath}|${options.version ?? ''}|${options.unknownFields ?? 'reject'}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const crd: unknown = parse(fs.readFileSync(crdPath, 'utf8'));
  const validator = compileCrd(crd, options);
  cache.set(key, validator);
  return validator;
}

/** Builds a validator from an already parsed CRD object. */
export function compileCrd(crd: unknown, options: CrdValidatorOptions = {}): CrdValidator {
  if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition' || !isRecord(crd.spec)) {
    throw new CrdSchemaError('not a CustomResourceDefinition');
  }
  const spec = crd.spec;
  const names = isRecord(spec.names) ? spec.names : {};
  const versions = Array.isArray(spec.versions) ? spec.versions.filter(isRecord) : [];
  const served = versions.filter((v) => v.served === true);
  const chosen = options.version
    ? served.find((v) => v.name === options.version)
    : (served.find((v) => v.storage === true) ?? served[0]);
  if (!chosen) throw new CrdSchemaError(`no served version ${options.version ?? ''} in the CRD`);
  const openApi = isRecord(chosen.schema) ? chosen.schema.openAPIV3Schema : undefined;
  if (!isRecord(openApi)) throw new CrdSchemaError(`version ${String(chosen.name)} has no openAPIV3Schema`);

  const schema = structuredClone(openApi);
  const properties = isRecord(schema.properties) ? schema.properties : {};
  // With the status subresource the API server ignores `status` in create/update bodies.
  if (isRecord(chosen.subresources) && chosen.subresources.status !== undefined && properties.status) {
    properties.status = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  prepareSchema(schema, options.unknownFields ?? 'reject');

  const check = lazyValidator(createAjv(), schema, LAZY_DEPTH);
  return {
    group: String(spec.group),
    kind: String(names.kind),
    plural: String(names.plural),
    version: String(chosen.name),
    validate(object: unknown): CrdSchemaIssue[] {
      return check(object, '').slice(0, MAX_ISSUES);
    },
  };
}

type SubValidator = (data: unknown, path: string) => CrdSchemaIssue[];

/** Levels of `properties` compiled on first use (root → spec → predictor → containers, volumes, …). */
const LAZY_DEPTH = 3;

/**
 * Compiling the whole InferenceService schema (predictor, transformer, explainer, each a full pod spec)
 * takes seconds. The top levels are split: each level's own keywords (type, required, unknown fields)
 * are checked with its properties stubbed as `true`, and each property's subtree is compiled the first
 * time an object actually has that property. Same verdicts, a fraction of the compile time.
 */
function lazyValidator(ajv: Ajv, schema: Schema, depth: number): SubValidator {
  const properties = schema.properties;
  if (depth === 0 || !isRecord(properties) || schema.anyOf || schema.allOf || schema.oneOf) {
    const check = ajv.compile(schema);
    return (data, path) => (check(data) ? [] : (check.errors ?? []).map((e) => toIssue(e, path)));
  }
  const shallow = ajv.compile({
    ...schema,
    properties: Object.fromEntries(Object.keys(properties).map((k) => [k, true])),
  });
  const children = new Map<string, SubValidator>();
  return (data, path) => {
    const issues = shallow(data) ? [] : (shallow.errors ?? []).map((e) => toIssue(e, path));
    if (!isRecord(data)) return issues;
    for (const [key, value] of Object.entries(data)) {
      const childSchema = properties[key];
      if (!isRecord(childSchema)) continue;
      let child = children.get(key);
      if (!child) {
        child = lazyValidator(ajv, childSchema, depth - 1);
        children.set(key, child);
      }
      issues.push(...child(value, `${path}/${key}`));
    }
    return issues;
  };
}

/** Adds `additionalProperties: false` where the API server would treat a field as unknown. */
function prepareSchema(node: unknown, unknownFields: 'reject' | 'allow'): void {
  if (Array.isArray(node)) {
    for (const child of node) prepareSchema(child, unknownFields);
    return;
  }
  if (!isRecord(node)) return;
  if (node['x-kubernetes-embedded-resource'] === true) {
    const props = isRecord(node.properties) ? node.properties : (node.properties = {});
    props.apiVersion ??= { type: 'string' };
    props.kind ??= { type: 'string' };
    props.metadata ??= { type: 'object' };
  }
  const free = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (
    unknownFields === 'reject' &&
    !free &&
    isRecord(node.properties) &&
    node.additionalProperties === undefined
  ) {
    node.additionalProperties = false;
  }
  if (isRecord(node.properties))
    for (const child of Object.values(node.properties)) prepareSchema(child, unknownFields);
  for (const key of ['items', 'additionalProperties', 'not', 'anyOf', 'allOf', 'oneOf']) {
    const child = node[key];
    if (typeof child === 'object' && child !== null) prepareSchema(child, unknownFields);
  }
}

function createAjv(): Ajv {
  // optimize:false roughly halves compile time for a 2 MB schema; validation speed is irrelevant here.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, code: { optimize: false } });
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isSafeInteger(n) });
  ajv.addFormat('double', { type: 'number', validate: (n) => Number.isFinite(n) });
  ajv.addFormat('float', { type: 'number', validate: (n) => Number.isFinite(n) });
  ajv.addFormat('date-time', { type: 'string', validate: (s) => RFC3339.test(s) });
  ajv.addFormat('byte', { type: 'string', validate: (s) => /^[A-Za-z0-9+/]*={0,2}$/.test(s) });
  ajv.addKeyword({
    keyword: 'x-kubernetes-int-or-string',
    schemaType: 'boolean',
    errors: false,
    validate: (enabled: boolean, data: unknown) =>
      !enabled || typeof data === 'string' || (typeof data === 'number' && Number.isInteger(data)),
  });
  ajv.addKeyword({
    keyword: 'x-kubernetes-list-type',
    schemaType: 'string',
    errors: false,
    validate: (listType: string, data: unknown, parentSchema?: Schema) => {
      if (!Array.isArray(data) || listType === 'atomic') return true;
      const keys = parentSchema?.['x-kubernetes-list-map-keys'];
      const identity = (item: unknown): string =>
        listType === 'map' && Array.isArray(keys) && isRecord(item)
          ? JSON.stringify(keys.map((k) => item[String(k)] ?? null))
          : JSON.stringify(item);
      return new Set(data.map(identity)).size === data.length;
    },
  });
  for (const keyword of [
    'x-kubernetes-list-map-keys',
    'x-kubernetes-map-type',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-validations',
  ]) {
    ajv.addKeyword({ keyword });
  }
  return ajv;
}

function toIssue(error: ErrorObject, prefix = ''): CrdSchemaIssue {
  const path = `${prefix}${error.instancePath}` || '/';
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'additionalProperties')
    message = `unknown field ${describeValue(params.additionalProperty)}`;
  if (error.keyword === 'x-kubernetes-int-or-string') message = 'must be an integer or a string';
  if (error.keyword === 'x-kubernetes-list-type') message = 'list items must be unique';
  if (error.keyword === 'enum') message = `must be one of ${describeValue(params.allowedValues)}`;
  return { path, message, keyword: error.keyword };
}

/** CRD issues as the deploy domain's typed errors. */
export function crdIssuesToErrors(kind: string, issues: CrdSchemaIssue[]): DeployValidationError[] {
  return issues.map((issue) => ({
    code: 'SCHEMA_VIOLATION',
    field: `${kind}${issue.path.replace(/\//g, '.')}`.replace(/\.$/, ''),
    message: `${issue.path} ${issue.message}`,
  }));
}
