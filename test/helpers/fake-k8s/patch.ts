import { HttpStatusError, type Json } from './status.js';

/** JSON merge patch (RFC 7386) and JSON patch (RFC 6902: add, remove, replace, test) for PATCH requests. */

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isRecord(patch)) return structuredClone(patch);
  const result: Json = isRecord(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new HttpStatusError(422, `invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations))
    throw new HttpStatusError(400, 'a JSON patch must be an array of operations');
  const doc = structuredClone(target);
  for (const op of operations) {
    if (!isRecord(op) || typeof op.path !== 'string')
      throw new HttpStatusError(400, 'invalid JSON patch operation');
    const parts = pointer(op.path);
    const last = parts.pop();
    if (last === undefined) throw new HttpStatusError(422, 'cannot patch the document root');
    let parent: unknown = doc;
    for (const part of parts) {
      parent = Array.isArray(parent) ? parent[Number(part)] : isRecord(parent) ? parent[part] : undefined;
      if (parent === undefined) throw new HttpStatusError(422, `path ${op.path} does not exist`);
    }
    const container = parent as Json | unknown[];
    if (op.op === 'test') {
      const current = Array.isArray(container) ? container[Number(last)] : container[last];
      if (JSON.stringify(current) !== JSON.stringify(op.value))
        throw new HttpStatusError(422, `test failed at ${op.path}`);
    } else if (op.op === 'remove') {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(container)) {
        const index = last === '-' ? container.length : Number(last);
        if (op.op === 'add') container.splice(index, 0, op.value);
        else container[index] = op.value;
      } else container[last] = op.value;
    } else throw new HttpStatusError(422, `unsupported JSON patch op ${String(op.op)}`);
  }
  return doc;
}
