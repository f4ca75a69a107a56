import {
  GraphQLError,
  Kind,
  TypeInfo,
  isInputObjectType,
  isListType,
  isNonNullType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/** Items a list argument may hold: `Type.field.argument` → limit; every other list (nested too) 500. */
export const LIST_LIMITS: Readonly<Record<string, number>> = { 'Query.nodes.ids': 100 };
export const DEFAULT_LIST_LIMIT = 500;

export interface OversizedList {
  path: string;
  length: number;
  limit: number;
}

type Variables = Readonly<Record<string, unknown>>;

/**
 * The first list argument (literal or variable, at any depth of an input object) longer than its
 * limit, or null. Runs before execution, so 50,000 ids are refused without loading any.
 */
export function oversizedList(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Variables | null | undefined,
): OversizedList | null {
  const typeInfo = new TypeInfo(schema);
  let found: OversizedList | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(node) {
        const argument = typeInfo.getArgument();
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (found || !argument || !field) return;
        const path = `${parent?.name ?? '?'}.${field.name}.${argument.name}`;
        found = measure(
          node.value,
          argument.type,
          path,
          LIST_LIMITS[path] ?? DEFAULT_LIST_LIMIT,
          variables ?? {},
        );
      },
    }),
  );
  return found;
}

function measure(
  value: ValueNode | unknown,
  type: GraphQLInputType,
  path: string,
  limit: number,
  variables: Variables,
): OversizedList | null {
  const inner = isNonNullType(type) ? type.ofType : type;
  const resolved = isValueNode(value) && value.kind === Kind.VARIABLE ? variables[value.name.value] : value;
  if (isListType(inner)) {
    const items = isValueNode(resolved)
      ? resolved.kind === Kind.LIST
        ? resolved.values
        : [resolved]
      : Array.isArray(resolved)
        ? resolved
        : resolved === undefined || resolved === null
          ? []
          : [resolved];
    if (items.length > limit) return { path, length: items.length, limit };
    for (const item of items) {
      const nested = measure(item, inner.ofType, path, DEFAULT_LIST_LIMIT, variables);
      if (nested) return nested;
    }
    return null;
  }
  if (!isInputObjectType(inner)) return null;
  const fields = inner.getFields();
  const entries: [string, unknown][] = isValueNode(resolved)
    ? resolved.kind === Kind.OBJECT
      ? resolved.fields.map((f) => [f.name.value, f.value])
      : []
    : resolved !== null && typeof resolved === 'object'
      ? Object.entries(resolved)
      : [];
  for (const [name, fieldValue] of entries) {
    const fieldDef = fields[name];
    if (!fieldDef) continue;
    const nested = measure(fieldValue, fieldDef.type, `${path}.${name}`, DEFAULT_LIST_LIMIT, variables);
    if (nested) return nested;
  }
  return null;
}

function isValueNode(value: unknown): value is ValueNode {
  return typeof value === 'object' && value !== null && 'kind' in value && typeof value.kind === 'string';
}

/** Refuses an operation with an oversized list argument (BAD_USER_INPUT) before any resolver runs. */
export function listLimits(): Plugin<Context> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const oversized = oversizedList(args.schema, args.document, args.variableValues as Variables | null);
      if (!oversized) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(`${oversized.path}: at most ${oversized.limit} items (got ${oversized.length})`, {
            extensions: { code: 'BAD_USER_INPUT', ...oversized },
          }),
        ],
      });
    },
  };
}
