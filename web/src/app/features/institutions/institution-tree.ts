import type { Institution } from '../../core/models/institution';

/** Ids of every institution below `id` (children, their children, …). */
export function descendantIds(id: string, all: readonly Institution[]): Set<string> {
  const children = new Map<string, string[]>();
  for (const institution of all) {
    if (!institution.parentId) continue;
    children.set(institution.parentId, [...(children.get(institution.parentId) ?? []), institution.id]);
  }
  const found = new Set<string>();
  const queue = [...(children.get(id) ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    if (found.has(next)) continue;
    found.add(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** Institutions that `institution` may report to: not itself and not one below it. */
export function possibleParents(institution: Institution | null, all: readonly Institution[]): Institution[] {
  const excluded = institution ? descendantIds(institution.id, all).add(institution.id) : new Set<string>();
  return all.filter((candidate) => !excluded.has(candidate.id));
}
