import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { Institution } from '../identity/institution.entity.js';
import type { Actor } from './actor.js';
import type { Action } from './access-rules.js';
import { type BreakGlassGrants, decide, type InstitutionTree, rootOf, type Target } from './decide.js';

const TREE_TTL_MS = 30_000;

export interface Resource {
  type: string;
  id?: string | null;
}

/**
 * The one place every resolver asks "may this actor do this?". Rules live in access-rules.ts; this service
 * supplies the institution tree and writes a DENIED audit row for every refusal.
 */
@Injectable()
export class PolicyService {
  private tree: Promise<InstitutionTree> | null = null;
  private loadedAt = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async can(actor: Actor, action: Action, target: Target = {}): Promise<boolean> {
    return decide(actor, action, target, await this.institutionTree()).allowed;
  }

  /** Throws FORBIDDEN (and audits the denial) unless the policy allows the action. */
  async authorize(actor: Actor, action: Action, target: Target, resource: Resource): Promise<void> {
    const tree = await this.institutionTree();
    let decision = decide(actor, action, target, tree);
    // Only a refusal concerning a patient looks further, at the actor's emergency grants for that patient.
    if (!decision.allowed && target.patientId) decision = decide(actor, action, target, tree, await this.breakGlassGrants(actor, target.patientId));
    if (decision.breakGlassGrantId) {
      await this.audit.record({
        actor,
        action: 'break-glass.access',
        resourceType: resource.type,
        resourceId: resource.id ?? null,
        institutionId: target.institutionIds?.[0] ?? null,
        details: { grantId: decision.breakGlassGrantId, patientId: target.patientId, access: action },
      });
    }
    if (decision.allowed) return;
    await this.deny(actor, action, resource, decision.reason, target.institutionIds?.[0] ?? null);
  }

  /**
   * Refuses with FORBIDDEN and audits it. For refusals that depend on a record's own data beyond the rules
   * (a consult routed to another specialist), so they leave the same trail as a rule denial.
   */
  async deny(actor: Actor, action: Action, resource: Resource, reason: string, institutionId: string | null, message = 'You do not have access to this'): Promise<never> {
    await this.audit.record({
      actor,
      action,
      resourceType: resource.type,
      resourceId: resource.id ?? null,
      institutionId,
      outcome: AuditOutcome.DENIED,
      code: ErrorCode.FORBIDDEN,
      details: { reason },
    });
    throw new AppError(ErrorCode.FORBIDDEN, message);
  }

  /** The actor's unexpired break-glass grant for this patient, if any. */
  async breakGlassGrants(actor: Actor, patientId: string): Promise<BreakGlassGrants> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      'SELECT id FROM break_glass_grant WHERE user_id = $1 AND patient_id = $2 AND expires_at > now() ORDER BY expires_at DESC LIMIT 1',
      [actor.userId, patientId],
    );
    return new Map(rows.map((r) => [patientId, r.id]));
  }

  /** Institutions the actor administers for `action` (own institutions and their subtrees). */
  async institutionsInScope(actor: Actor, action: Action): Promise<string[]> {
    const tree = await this.institutionTree();
    return [...tree.keys()].filter((id) => decide(actor, action, { institutionIds: [id] }, tree).allowed);
  }

  /**
   * The institutions a list query may cover: the one asked for (if the actor may), else all in scope.
   * Asking outside one's scope, or having no scope at all, is refused and audited rather than answered empty.
   */
  async listScope(actor: Actor, action: Action, resource: Resource, institutionId?: string): Promise<string[]> {
    const scope = await this.institutionsInScope(actor, action);
    if (institutionId || scope.length === 0) {
      await this.authorize(actor, action, { institutionIds: institutionId ? [institutionId] : [] }, resource);
    }
    return institutionId ? [institutionId] : scope;
  }

  /** The top of the tree the institution belongs to (itself when it is a root). */
  async rootOf(institutionId: string): Promise<string> {
    return rootOf(institutionId, await this.institutionTree());
  }

  /** Called after any change to the institution hierarchy. */
  invalidateInstitutionTree(): void {
    this.tree = null;
  }

  /** Cached; other API instances' changes are picked up within TREE_TTL_MS. */
  private institutionTree(): Promise<InstitutionTree> {
    if (Date.now() - this.loadedAt > TREE_TTL_MS) this.tree = null;
    if (!this.tree) this.loadedAt = Date.now();
    this.tree ??= this.dataSource
      .getRepository(Institution)
      .find({ select: { id: true, parentId: true } })
      .then((rows) => new Map(rows.map((r) => [r.id, r.parentId])))
      .catch((error) => {
        this.tree = null;
        throw error;
      });
    return this.tree;
  }
}
