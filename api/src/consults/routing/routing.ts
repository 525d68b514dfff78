import type { AnatomicalRegion } from '../../imaging/anatomical-region.js';

/**
 * Which specialists of the hospital a consult is offered to may see and claim it. The hospital itself is
 * decided by the access policy (partnerships); within it:
 * - a consult naming a preferred specialist is theirs alone, until escalation clears the preference;
 * - otherwise it goes to the specialists who read its region, and to those who declared no focus;
 * - whoever holds the case keeps seeing it, whatever changed since.
 *
 * The worklist applies the same rule in SQL (`routedToSql`); both are tested against each other.
 */
export interface Routable {
  region: AnatomicalRegion | string;
  preferredSpecialistId: string | null;
  claimedBy: string | null;
}

export function isRoutedTo(consult: Routable, specialistId: string, focus: readonly string[]): boolean {
  if (consult.claimedBy === specialistId) return true;
  if (consult.preferredSpecialistId) return consult.preferredSpecialistId === specialistId;
  return focus.length === 0 || focus.includes(consult.region);
}

/** The same rule as a WHERE fragment over consult alias `c`, with parameters :routedSpecialist and :routedFocus. */
export function routedToSql(specialistId: string, focus: readonly string[]): { sql: string; params: Record<string, unknown> } {
  const byRegion = focus.length === 0 ? 'TRUE' : 'c.region IN (:...routedFocus)';
  return {
    sql: `(c.claimed_by = :routedSpecialist OR c.preferred_specialist_id = :routedSpecialist OR (c.preferred_specialist_id IS NULL AND ${byRegion}))`,
    params: { routedSpecialist: specialistId, routedFocus: focus },
  };
}
