import {
  BREAK,
  visit,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  isObjectType,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { Context } from './context.js';

/**
 * Marks an object whose fields hold their GraphQL values already (ids encoded, latencies grouped), built
 * by a hand-written read path (one SQL statement, no ORM mapping). Every field of such an object answers
 * `parent[fieldName]`; unmarked parents keep their Pothos resolvers (select-mode mapping, loaders).
 */
export const PREBUILT: unique symbol = Symbol('compass.prebuilt');

export type PrebuiltObject = { [PREBUILT]: true; [field: string]: unknown };

/** The fields a query asks for below one field: a leaf is `true`, an object field its own tree. */
export interface SelectionTree {
  [field: string]: SelectionTree | true;
}

/** Where a field's selection comes from: its nodes in the document (a GraphQLResolveInfo is one). */
export interface FieldSelection {
  fieldNodes: readonly FieldNode[];
  returnType: GraphQLOutputType;
  fragments: Record<string, FragmentDefinitionNode>;
}

/**
 * The selection below a field as a tree of field names, or null when it uses what a prebuilt answer
 * cannot honour: directives (@include/@skip/@defer), arguments on a nested field, or a fragment on
 * another type (an interface). `__typename` is answered by the executor itself and left out.
 */
export function selectionTree(selection: FieldSelection): SelectionTree | null {
  const type = getNamedType(selection.returnType);
  if (!isObjectType(type)) return null;
  const tree: SelectionTree = {};
  for (const node of selection.fieldNodes) {
    if (!node.selectionSet || !collect(node.selectionSet, type, selection.fragments, tree)) return null;
  }
  return tree;
}

function collect(
  set: SelectionSetNode,
  type: GraphQLObjectType,
  fragments: Record<string, FragmentDefinitionNode>,
  into: SelectionTree,
): boolean {
  for (const selection of set.selections) {
    if (selection.directives?.length) return false;
    if (selection.kind === Kind.FIELD) {
      if (!collectField(selection, type, fragments, into)) return false;
      continue;
    }
    const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments[selection.name.value] : selection;
    if (!fragment || fragment.directives?.length) return false;
    if (fragment.typeCondition && fragment.typeCondition.name.value !== type.name) return false;
    if (!collect(fragment.selectionSet, type, fragments, into)) return false;
  }
  return true;
}

function collectField(
  node: FieldNode,
  type: GraphQLObjectType,
  fragments: Record<string, FragmentDefinitionNode>,
  into: SelectionTree,
): boolean {
  const name = node.name.value;
  if (name === '__typename') return true;
  const field = type.getFields()[name];
  if (!field || node.arguments?.length) return false;
  const child = getNamedType(field.type);
  if (!node.selectionSet) {
    into[name] = true;
    return true;
  }
  if (!isObjectType(child)) return false;
  const existing = into[name];
  const subtree: SelectionTree = existing === undefined || existing === true ? {} : existing;
  into[name] = subtree;
  return collect(node.selectionSet, child, fragments, subtree);
}

/**
 * A root query field with a hand-written answer: `prepare` returns a function that loads the prebuilt
 * value, or null to leave the request to the field's own (Pothos) resolver, which then also answers
 * every error case. It must not throw and must decide the same way for the same inputs.
 */
export interface PrebuiltField {
  field: string;
  /** The types whose objects the answer builds; their fields read marked parents directly. */
  builds: readonly string[];
  prepare(
    args: Record<string, unknown>,
    ctx: Context,
    selection: FieldSelection,
  ): (() => Promise<unknown>) | null;
}

const registered = new Map<string, PrebuiltField>();

export function registerPrebuiltField(field: PrebuiltField): void {
  registered.set(field.field, field);
}

const readField: GraphQLFieldResolver<PrebuiltObject, Context> = (parent, _args, _ctx, info) =>
  parent[info.fieldName];

/**
 * Installs the registered answers on the built schema: the root field tries its answer first (the
 * answer itself checks that the caller may read), and each field of the built types reads a marked
 * parent without going through its plugin wrappers.
 */
export function installPrebuiltFields(schema: GraphQLSchema): void {
  const wrapped = new Set<string>();
  for (const prebuilt of registered.values()) {
    for (const typeName of prebuilt.builds) {
      if (wrapped.has(typeName)) continue;
      wrapped.add(typeName);
      const type = schema.getType(typeName);
      if (!isObjectType(type)) throw new Error(`prebuilt: ${typeName} is not an object type`);
      for (const field of Object.values(type.getFields())) {
        const original = field.resolve;
        if (!original) continue;
        field.resolve = (parent: unknown, args, ctx: Context, info) =>
          (parent as Partial<PrebuiltObject>)[PREBUILT] === true
            ? readField(parent as PrebuiltObject, args, ctx, info)
            : original(parent, args, ctx, info);
      }
    }
    const field = schema.getQueryType()?.getFields()[prebuilt.field];
    const original = field?.resolve;
    if (!field || !original) throw new Error(`prebuilt: Query.${prebuilt.field} has no resolver`);
    field.resolve = (parent: unknown, args: Record<string, unknown>, ctx: Context, info) => {
      const load = prebuilt.prepare(args, ctx, info);
      return load ? load() : original(parent, args, ctx, info);
    };
  }
}

const fragmentsOf = new WeakMap<DocumentNode, Record<string, FragmentDefinitionNode>>();
const compilable = new WeakMap<DocumentNode, boolean>();

/** graphql-jit orders a field merged from fragments differently from graphql-js: fragments stay interpreted. */
function withoutFragments(document: DocumentNode): boolean {
  let result = compilable.get(document);
  if (result === undefined) {
    result = true;
    visit(document, {
      FragmentDefinition: () => {
        result = false;
        return BREAK;
      },
      InlineFragment: () => {
        result = false;
        return BREAK;
      },
    });
    compilable.set(document, result);
  }
  return result;
}

function fragments(document: DocumentNode): Record<string, FragmentDefinitionNode> {
  let found = fragmentsOf.get(document);
  if (!found) {
    found = {};
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) found[definition.name.value] = definition;
    }
    fragmentsOf.set(document, found);
  }
  return found;
}

/**
 * True when every root field of the operation is a query field its prebuilt answer will take. Such an
 * operation runs no plugin resolver (no Pothos mapping, no Prisma), so a compiled executor may run it:
 * graphql-jit would break the Pothos path, whose preloaded relations are found through graphql-js's
 * `info.path`, so that path never runs compiled.
 */
export function isPrebuiltOperation(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  const query = args.schema.getQueryType();
  if (!operation || operation.operation !== 'query' || !query) return false;
  if (operation.directives?.length || !withoutFragments(args.document)) return false;
  const ctx = args.contextValue as Context;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || selection.directives?.length) return false;
    const prebuilt = registered.get(selection.name.value);
    const field = query.getFields()[selection.name.value];
    if (!prebuilt || !field) return false;
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, selection, args.variableValues ?? undefined);
    } catch {
      return false;
    }
    const selected = { fieldNodes: [selection], returnType: field.type, fragments: fragments(args.document) };
    if (!prebuilt.prepare(values, ctx, selected)) return false;
  }
  return true;
}
