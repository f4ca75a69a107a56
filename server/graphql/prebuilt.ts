import {
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
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

/**
 * The selection below `info`'s field as a tree of field names, or null when it uses what a prebuilt
 * answer cannot honour: directives (@include/@skip/@defer), arguments on a nested field, or a fragment
 * on another type (an interface). `__typename` is answered by graphql-js itself and left out.
 */
export function selectionTree(info: GraphQLResolveInfo): SelectionTree | null {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return null;
  const tree: SelectionTree = {};
  for (const node of info.fieldNodes) {
    if (!node.selectionSet || !collect(node.selectionSet, type, info.fragments, tree)) return null;
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
 * A root field with a hand-written answer: `answer` returns the prebuilt value, or null to leave the
 * request to the field's own (Pothos) resolver, which then also answers every error case.
 */
export interface PrebuiltField {
  type: string;
  field: string;
  /** The types whose objects the answer builds; their fields read marked parents directly. */
  builds: readonly string[];
  answer(args: Record<string, unknown>, ctx: Context, info: GraphQLResolveInfo): Promise<unknown> | null;
}

const registered: PrebuiltField[] = [];

export function registerPrebuiltField(field: PrebuiltField): void {
  registered.push(field);
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
  for (const prebuilt of registered) {
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
    const root = schema.getType(prebuilt.type);
    const field = isObjectType(root) ? root.getFields()[prebuilt.field] : undefined;
    const original = field?.resolve;
    if (!field || !original) throw new Error(`prebuilt: ${prebuilt.type}.${prebuilt.field} has no resolver`);
    field.resolve = (parent: unknown, args: Record<string, unknown>, ctx: Context, info) =>
      prebuilt.answer(args, ctx, info) ?? original(parent, args, ctx, info);
  }
}
