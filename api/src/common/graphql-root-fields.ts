import { type ASTVisitor, type FragmentDefinitionNode, GraphQLError, Kind, type SelectionSetNode, type ValidationContext } from 'graphql';
import { ErrorCode } from './error-codes.js';

/** More top-level fields than any screen asks for at once: each one is a separate authorised, audited read. */
export const MAX_ROOT_FIELDS = 25;

function countRootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, visiting = new Set<string>()): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (!selection.name.value.startsWith('__')) count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countRootFields(selection.selectionSet, fragments, visiting);
    } else {
      const fragment = fragments[selection.name.value];
      if (!fragment || visiting.has(fragment.name.value)) continue; // unknown or cyclic: graphql's own rules say why
      visiting.add(fragment.name.value);
      count += countRootFields(fragment.selectionSet, fragments, visiting);
      visiting.delete(fragment.name.value);
    }
  }
  return count;
}

/**
 * Refuses an operation with more than `max` top-level fields (aliases of `study` 2,000 times over) before
 * anything runs, so one request cannot fan out into thousands of record loads and audit rows.
 */
export function rootFieldLimitRule(max = MAX_ROOT_FIELDS) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments[def.name.value] = def;
      for (const def of document.definitions) {
        if (def.kind !== Kind.OPERATION_DEFINITION) continue;
        const count = countRootFields(def.selectionSet, fragments);
        if (count > max) {
          context.reportError(new GraphQLError(`The operation asks for ${count} top-level fields; the limit is ${max}`, { nodes: [def], extensions: { code: ErrorCode.TOO_MANY_ALIASES } }));
        }
      }
    },
  });
}
