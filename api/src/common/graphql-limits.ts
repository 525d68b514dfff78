import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLList,
  type GraphQLNamedType,
  isInterfaceType,
  isObjectType,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';
import { ErrorCode } from './error-codes.js';

/** Pagination arguments (top level or inside a filter input) that say how many items a list returns. */
const LIST_SIZE_ARGS = new Set(['limit', 'first', 'last', 'take']);
/** Assumed size of a list whose size the query does not state. */
const DEFAULT_LIST_SIZE = 20;

interface Measure {
  depth: number;
  cost: number;
}

function listSize(args: readonly { name: { value: string }; value: ValueNode }[] | undefined): number {
  for (const arg of args ?? []) {
    const candidates = arg.value.kind === Kind.OBJECT ? arg.value.fields : [arg];
    const sized = candidates.find((c) => LIST_SIZE_ARGS.has(c.name.value) && c.value.kind === Kind.INT);
    if (sized && sized.value.kind === Kind.INT) return Number(sized.value.value);
  }
  return DEFAULT_LIST_SIZE;
}

class Measurer {
  private readonly visiting = new Set<string>();

  constructor(
    private readonly context: ValidationContext,
    private readonly fragments: Record<string, FragmentDefinitionNode>,
  ) {}

  measure(selectionSet: SelectionSetNode | undefined, parent: GraphQLNamedType | undefined): Measure {
    if (!selectionSet) return { depth: 0, cost: 0 };
    let depth = 0;
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith('__')) continue;
        const field = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[selection.name.value] : undefined;
        const child = this.measure(selection.selectionSet, field ? getNamedType(field.type) : undefined);
        const isList = field ? getNullableType(field.type) instanceof GraphQLList : false;
        depth = Math.max(depth, 1 + child.depth);
        cost += 1 + (isList ? listSize(selection.arguments) : 1) * child.cost;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? this.context.getSchema().getType(selection.typeCondition.name.value) : parent;
        const child = this.measure(selection.selectionSet, type ?? undefined);
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      } else {
        const name = selection.name.value;
        const fragment = this.fragments[name];
        if (!fragment || this.visiting.has(name)) continue; // unknown or cyclic fragments fail graphql's own rules
        this.visiting.add(name);
        const child = this.measure(fragment.selectionSet, this.context.getSchema().getType(fragment.typeCondition.name.value) ?? undefined);
        this.visiting.delete(name);
        depth = Math.max(depth, child.depth);
        cost += child.cost;
      }
    }
    return { depth, cost };
  }
}

/**
 * Refuses operations nested deeper than `maxDepth` or estimated above `maxCost` before anything runs.
 * Each field costs 1; a list field multiplies what is selected below it by its page size.
 */
export function queryLimitsRule(maxDepth: number, maxCost: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      const schema = context.getSchema();
      for (const def of document.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const root = def.operation === 'query' ? schema.getQueryType() : def.operation === 'mutation' ? schema.getMutationType() : schema.getSubscriptionType();
        const { depth, cost } = new Measurer(context, fragments).measure(def.selectionSet, root ?? undefined);
        if (depth > maxDepth) {
          context.reportError(
            new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${maxDepth}`, { nodes: [def], extensions: { code: ErrorCode.QUERY_TOO_DEEP } }),
          );
        } else if (cost > maxCost) {
          context.reportError(
            new GraphQLError(`Query cost ${cost} is over the limit of ${maxCost}; ask for fewer fields or smaller pages`, {
              nodes: [def],
              extensions: { code: ErrorCode.QUERY_TOO_COMPLEX },
            }),
          );
        }
      }
    },
  });
}
