import type { Actor } from './actor.js';
import { ACCESS_RULES, type AccessRule, type Action } from './access-rules.js';

/** What an action is about. Unset fields mean "not about a particular institution / user". */
export interface Target {
  /** Institutions the target record belongs to (a user may belong to several). */
  institutionIds?: readonly string[];
  userId?: string;
  /** The patient whose record this is, for break-glass grants. */
  patientId?: string;
}

/** Patients the actor holds an unexpired break-glass grant for (grant id by patient id). */
export type BreakGlassGrants = ReadonlyMap<string, string>;

/** Parent of each institution, for `institution-tree` scope. */
export type InstitutionTree = ReadonlyMap<string, string | null>;

export interface Decision {
  allowed: boolean;
  /** The rule that allowed it, or why nothing did. */
  reason: string;
  /** Allowed only by this break-glass grant: the access is flagged in the audit trail. */
  breakGlassGrantId?: string;
}

function isWithinTree(ancestorId: string, institutionId: string, tree: InstitutionTree): boolean {
  const seen = new Set<string>();
  for (let id: string | null | undefined = institutionId; id && !seen.has(id); id = tree.get(id)) {
    if (id === ancestorId) return true;
    seen.add(id);
  }
  return false;
}

/** The root above an institution, following parents (a cycle ends the walk where it closes). */
export function rootOf(institutionId: string, tree: InstitutionTree): string {
  const seen = new Set<string>();
  let id = institutionId;
  for (let parent = tree.get(id); parent && !seen.has(parent); parent = tree.get(id)) {
    seen.add(id);
    id = parent;
  }
  return id;
}

function ruleMatches(rule: AccessRule, actor: Actor, target: Target, tree: InstitutionTree, grants: BreakGlassGrants): boolean {
  const held = actor.roles.filter((r) => rule.roles === '*' || rule.roles.includes(r.role));
  if (rule.roles !== '*' && held.length === 0) return false;
  if (rule.notOnSelf && target.userId !== undefined && target.userId === actor.userId) return false;
  const targets = target.institutionIds ?? [];
  switch (rule.scope) {
    case 'any':
      return true;
    case 'self':
      return target.userId !== undefined && target.userId === actor.userId;
    case 'institution':
      return targets.length > 0 && targets.some((t) => held.some((h) => h.institutionId === t));
    case 'institution-tree':
      return targets.length > 0 && targets.some((t) => held.some((h) => isWithinTree(h.institutionId, t, tree)));
    case 'root-institution':
      return held.some((h) => tree.has(h.institutionId) && tree.get(h.institutionId) === null);
    case 'break-glass':
      return target.patientId !== undefined && grants.has(target.patientId);
  }
}

/** Pure access decision: same inputs, same answer; the policy service supplies the tree and audits denials. */
export function decide(actor: Actor, action: Action, target: Target, tree: InstitutionTree, grants: BreakGlassGrants = new Map()): Decision {
  const rules = ACCESS_RULES.filter((r) => r.action === action);
  // Normal scopes first: a grant never marks an access the actor would have had anyway.
  const ordered = [...rules.filter((r) => r.scope !== 'break-glass'), ...rules.filter((r) => r.scope === 'break-glass')];
  const match = ordered.find((rule) => ruleMatches(rule, actor, target, tree, grants));
  if (match) {
    const reason = `${action}: ${match.roles === '*' ? 'any role' : match.roles.join('|')} within ${match.scope}`;
    return match.scope === 'break-glass' ? { allowed: true, reason, breakGlassGrantId: grants.get(target.patientId!) } : { allowed: true, reason };
  }
  return { allowed: false, reason: rules.length === 0 ? `${action}: no rule` : `${action}: no role of the actor in scope` };
}
