import type { User } from '../../core/models/user';

/** Roles that examine patients; only they may register patients and open studies (at their own institutions). */
export const CLINICAL_ROLES = ['TOWNSHIP_DOCTOR', 'SPECIALIST'] as const;

/** The institutions where the person works with patients, each once. */
export function clinicalInstitutions(user: User | null): { id: string; name: string; code: string }[] {
  const seen = new Map<string, { id: string; name: string; code: string }>();
  for (const assignment of user?.roles ?? []) {
    if ((CLINICAL_ROLES as readonly string[]).includes(assignment.role)) seen.set(assignment.institution.id, assignment.institution);
  }
  return [...seen.values()];
}
