import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { diff } from '../audit/diff.js';
import { containsPattern } from '../common/like-pattern.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import type { Actor } from '../policy/actor.js';
import { PolicyService } from '../policy/policy.service.js';
import type { CreateInstitutionInput, InstitutionsFilter, UpdateInstitutionInput } from './dto/institution.input.js';
import { Institution } from './institution.entity.js';

const RESOURCE = 'institution';

@Injectable()
export class InstitutionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor, filter: InstitutionsFilter = {}): Promise<Institution[]> {
    await this.policy.authorize(actor, 'institution.read', {}, { type: RESOURCE });
    const query = this.dataSource.getRepository(Institution).createQueryBuilder('i').orderBy('i.name', 'ASC');
    if (filter.type) query.andWhere('i.type = :type', { type: filter.type });
    if (filter.active !== undefined) query.andWhere('i.active = :active', { active: filter.active });
    if (filter.search) {
      const like = containsPattern(filter.search);
      query.andWhere(
        new Brackets((w) =>
          w.where('i.name ILIKE :like', { like }).orWhere('i.code ILIKE :like').orWhere('i.prefecture ILIKE :like').orWhere('i.county ILIKE :like'),
        ),
      );
    }
    return query.getMany();
  }

  async get(actor: Actor, id: string): Promise<Institution> {
    await this.policy.authorize(actor, 'institution.read', {}, { type: RESOURCE, id });
    return this.findOrFail(this.dataSource.manager, id);
  }

  async create(actor: Actor, input: CreateInstitutionInput): Promise<Institution> {
    // A new institution is created under a parent the admin manages; a new root needs an admin of a root.
    const scope = input.parentId ? [input.parentId] : await this.roots();
    await this.policy.authorize(actor, 'institution.create', { institutionIds: scope }, { type: RESOURCE });
    const created = await this.audit.transaction(async (tx) => {
      if (input.parentId) await this.findOrFail(tx.manager, input.parentId);
      await this.assertCodeFree(tx.manager, input.code);
      const saved = await tx.manager.save(Institution, tx.manager.create(Institution, { ...input, county: input.county ?? null, parentId: input.parentId ?? null }));
      await tx.audit({ actor, action: 'institution.create', resourceType: RESOURCE, resourceId: saved.id, institutionId: saved.id, details: { code: saved.code } });
      return saved;
    });
    this.policy.invalidateInstitutionTree();
    return created;
  }

  async update(actor: Actor, input: UpdateInstitutionInput): Promise<Institution> {
    await this.policy.authorize(actor, 'institution.update', { institutionIds: [input.id] }, { type: RESOURCE, id: input.id });
    const current = await this.findOrFail(this.dataSource.manager, input.id);
    if (input.parentId !== undefined && input.parentId !== current.parentId) await this.authorizeMove(actor, current, input.parentId);
    const updated = await this.audit.transaction(async (tx) => {
      const institution = await this.findOrFail(tx.manager, input.id);
      if (input.parentId) await this.assertNotOwnAncestor(tx.manager, input.id, input.parentId);
      const { id, ...changes } = input;
      const before = { ...institution };
      Object.assign(institution, changes);
      const saved = await tx.manager.save(Institution, institution);
      await tx.audit({ actor, action: 'institution.update', resourceType: RESOURCE, resourceId: id, institutionId: id, details: { changed: diff(before, saved) } });
      return saved;
    });
    this.policy.invalidateInstitutionTree();
    return updated;
  }

  /**
   * Moving an institution changes who administers it, so the admin must be entitled both before and after:
   * they manage it from strictly above (never their own institution, nor a root: nobody is above it), and
   * they manage the new parent. Making it a root hands its admins region-wide duties (models, unscoped audit),
   * so only an admin of its current root may do that.
   */
  private async authorizeMove(actor: Actor, institution: Institution, parentId: string | null) {
    const resource = { type: RESOURCE, id: institution.id };
    await this.policy.authorize(actor, 'institution.update', { institutionIds: institution.parentId ? [institution.parentId] : [] }, resource);
    const newScope = parentId ?? (await this.policy.rootOf(institution.id));
    await this.policy.authorize(actor, 'institution.update', { institutionIds: [newScope] }, parentId ? { type: RESOURCE, id: parentId } : resource);
  }

  async setActive(actor: Actor, id: string, active: boolean): Promise<Institution> {
    await this.policy.authorize(actor, 'institution.update', { institutionIds: [id] }, { type: RESOURCE, id });
    return this.audit.transaction(async (tx) => {
      const institution = await this.findOrFail(tx.manager, id);
      institution.active = active;
      const saved = await tx.manager.save(Institution, institution);
      await tx.audit({ actor, action: active ? 'institution.activate' : 'institution.deactivate', resourceType: RESOURCE, resourceId: id, institutionId: id });
      return saved;
    });
  }

  private async roots(): Promise<string[]> {
    const roots = await this.dataSource.getRepository(Institution).find({ where: { parentId: IsNull() }, select: { id: true } });
    return roots.map((r) => r.id);
  }

  private async findOrFail(manager: EntityManager, id: string): Promise<Institution> {
    const institution = await manager.findOneBy(Institution, { id });
    if (!institution) throw notFound('Institution');
    return institution;
  }

  private async assertCodeFree(manager: EntityManager, code: string) {
    if (await manager.existsBy(Institution, { code })) {
      throw new AppError(ErrorCode.CONFLICT, `An institution with code ${code} already exists`, { field: 'code' });
    }
  }

  private async assertNotOwnAncestor(manager: EntityManager, id: string, parentId: string) {
    const rows: Array<{ id: string }> = await manager.query(
      `WITH RECURSIVE up AS (SELECT id, parent_id FROM institution WHERE id = $1
         UNION SELECT i.id, i.parent_id FROM institution i JOIN up ON i.id = up.parent_id)
       SELECT id FROM up WHERE id = $2`,
      [parentId, id],
    );
    if (rows.length > 0) throw new AppError(ErrorCode.BAD_USER_INPUT, 'An institution cannot report to itself or to one below it', { field: 'parentId' });
  }
}
