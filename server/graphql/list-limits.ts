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
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from './context.js';

/** Items a list argument may hold: `Type.field.argument` → limit; every other list (nested too) 500. */
export const LIST_LIMITS: Readonly<Record<string, number>> = { 'Query.nodes.ids': 100 };
export const DEFAULT_LIST_LIMIT = 500;
/** Largest page a connection serves (`first`/`last` above it are clamped to it). */
export const MAX_PAGE_SIZE = 500;

export interface OversizedList {
  path: string;
  length: number;
  limit: number;
}

type Variables = Readonly<Record<string, unknown>>;

/**
 * Items one operation may ask for in total: every list argument's length and every page size
 * (`first`/`last`), multiplied down nested selections and summed over aliases. The per-argument caps
 * bound one list; this bounds what aliases and nesting multiply them into (20 aliases × 100 ids):
 * graphql-armor's cost limit counts fields and depth, not how many items a list argument holds.
 */
export const LIST_ITEM_BUDGET = 1_000;

/** Items an operation may fetch through its list arguments and page sizes (see LIST_ITEM_BUDGET). */
export function listItemCost(document: DocumentNode, variables: Variables | null | undefined): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  let total = 0;
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION)
      total += selectionCost(definition.selectionSet, 1, fragments, variables ?? {}, new Set());
  }
  return total;
}

function selectionCost(
  selectionSet: SelectionSetNode | undefined,
  multiplier: number,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Variables,
  spreading: ReadonlySet<string>,
): number {
  let total = 0;
  for (const selection of selectionSet?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      const fanOut = Math.max(
        1,
        ...(selection.arguments ?? []).map((a) => argumentItems(a.name.value, a.value, variables)),
      );
      const items = multiplier * fanOut;
      if (fanOut > 1) total += items;
      total += selectionCost(selection.selectionSet, items, fragments, variables, spreading);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      total += selectionCost(selection.selectionSet, multiplier, fragments, variables, spreading);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || spreading.has(name)) continue;
      total += selectionCost(
        fragment.selectionSet,
        multiplier,
        fragments,
        variables,
        new Set([...spreading, name]),
      );
    }
  }
  return total;
}

/** How many items an argument asks for: a list's length, a page size, else 1. */
function argumentItems(name: string, value: ValueNode, variables: Variables): number {
  const resolved = value.kind === Kind.VARIABLE ? variables[value.name.value] : value;
  if (Array.isArray(resolved)) return resolved.length;
  if (!isValueNode(resolved)) {
    return isPageSize(name) && typeof resolved === 'number' ? Math.min(resolved, MAX_PAGE_SIZE) : 1;
  }
  if (resolved.kind === Kind.LIST) return resolved.values.length;
  if (resolved.kind === Kind.INT && isPageSize(name)) return Math.min(Number(resolved.value), MAX_PAGE_SIZE);
  return 1;
}

const isPageSize = (argument: string): boolean => argument === 'first' || argument === 'last';

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
      const variables = args.variableValues as Variables | null;
      const oversized = oversizedList(args.schema, args.document, variables);
      if (!oversized) {
        const items = listItemCost(args.document, variables);
        if (items <= LIST_ITEM_BUDGET) return;
        setResultAndStopExecution({
          errors: [
            new GraphQLError(
              `the operation asks for up to ${items} list items (page sizes and list arguments, multiplied by nesting and summed over aliases); at most ${LIST_ITEM_BUDGET}`,
              { extensions: { code: 'BAD_USER_INPUT', items, limit: LIST_ITEM_BUDGET } },
            ),
          ],
        });
        return;
      }
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
