import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { AuditOutcome } from '../audit/audit-event.entity.js';
import { AuditService } from '../audit/audit.service.js';
import { diff } from '../audit/diff.js';
import { containsPattern } from '../common/like-pattern.js';
import { AppError, notFound } from '../common/app-error.js';
import { ErrorCode } from '../common/error-codes.js';
import { FieldCipher } from '../encryption/field-cipher.js';
import type { Actor } from '../policy/actor.js';
import type { Action } from '../policy/access-rules.js';
import { PolicyService } from '../policy/policy.service.js';
import { AuthService } from './auth.service.js';
import type { CreateUserInput, ResetPasswordInput, RoleInput, UpdateUserInput, UsersFilter } from './dto/user.input.js';
import { Institution } from './institution.entity.js';
import { PasswordService } from './password.service.js';
import { RoleAssignment } from './role-assignment.entity.js';
import { User } from './user.entity.js';
import { openUserPhone, sealUserPhone } from './user-phone.js';

const RESOURCE = 'user';

/** Administration of people: accounts, roles, passwords, lock-outs. Users are deactivated, never deleted. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditService,
    private readonly passwords: PasswordService,
    private readonly auth: AuthService,
    private readonly cipher: FieldCipher,
  ) {}

  phoneOf(user: User): Promise<string | null> {
    return openUserPhone(this.cipher, user.id, user.phoneSealed);
  }

  async me(actor: Actor): Promise<User> {
    return this.load(this.dataSource.manager, actor.userId);
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.load(this.dataSource.manager, id);
    await this.authorizeOn(actor, 'user.read', user);
    return user;
  }

  /** Users with a role at an institution the actor administers (or only themselves). */
  async list(actor: Actor, filter: UsersFilter): Promise<{ items: User[]; total: number }> {
    const institutions = await this.policy.listScope(actor, 'user.read', { type: RESOURCE }, filter.institutionId);
    const query = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where((qb) => {
        const sub = qb
          .subQuery()
          .select('ra.user_id')
          .from(RoleAssignment, 'ra')
          .where('ra.institution_id IN (:...institutions)', { institutions });
        if (filter.role) sub.andWhere('ra.role = :role', { role: filter.role });
        return `u.id IN ${sub.getQuery()}`;
      })
      .orderBy('u.display_name', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip(filter.offset)
      .take(filter.limit);
    if (filter.active !== undefined) query.andWhere('u.active = :active', { active: filter.active });
    if (filter.search) {
      const like = containsPattern(filter.search);
      query.andWhere(new Brackets((w) => w.where('u.username ILIKE :like', { like }).orWhere('u.display_name ILIKE :like')));
    }
    const [page, total] = await query.getManyAndCount();
    const items = page.length ? await this.loadMany(page.map((u) => u.id)) : [];
    return { items, total };
  }

  async create(actor: Actor, input: CreateUserInput): Promise<User> {
    const institutionIds = unique(input.roles.map((r) => r.institutionId));
    await this.policy.authorize(actor, 'user.create', { institutionIds }, { type: RESOURCE });
    // Every institution named must be in the actor's scope, not just one of them.
    for (const id of institutionIds) await this.policy.authorize(actor, 'user.assign-role', { institutionIds: [id] }, { type: RESOURCE });
    const username = input.username.toLowerCase();
    this.passwords.assertStrong(input.password, username);
    const passwordHash = await this.passwords.hash(input.password);
    // The id is chosen here: the encrypted phone is bound to it.
    const newId = randomUUID();
    const phoneSealed = await sealUserPhone(this.cipher, newId, input.phone);
    const id = await this.audit.transaction(async (tx) => {
      if (await tx.manager.existsBy(User, { username })) {
        throw new AppError(ErrorCode.CONFLICT, `Username ${username} is taken`, { field: 'username' });
      }
      await this.assertInstitutionsExist(tx.manager, institutionIds);
      const user = await tx.manager.save(
        User,
        tx.manager.create(User, {
          id: newId,
          username,
          displayName: input.displayName,
          email: input.email ?? null,
          phoneSealed,
          locale: input.locale ?? 'zh',
          passwordHash,
          mustChangePassword: true,
        }),
      );
      await tx.manager.save(RoleAssignment, uniqueRoles(input.roles).map((r) => tx.manager.create(RoleAssignment, { ...r, userId: user.id })));
      await tx.audit({
        actor,
        action: 'user.create',
        resourceType: RESOURCE,
        resourceId: user.id,
        institutionId: institutionIds[0],
        details: { username, roles: input.roles },
      });
      return user.id;
    });
    return this.load(this.dataSource.manager, id);
  }

  async update(actor: Actor, input: UpdateUserInput): Promise<User> {
    return this.change(actor, input.id, 'user.update', async (tx, user) => {
      const { id, phone, ...changes } = input;
      const before = { displayName: user.displayName, email: user.email, locale: user.locale };
      // Fields not given arrive as undefined (class fields of the input): they change nothing.
      const after = { ...before, ...Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)) };
      const phoneChanged = phone !== undefined && (phone?.trim() || null) !== (await this.phoneOf(user));
      await tx.manager.update(User, { id }, { ...after, ...(phoneChanged ? { phoneSealed: await sealUserPhone(this.cipher, id, phone) } : {}) });
      // The phone is encrypted at rest: the audit trail says that it changed, not to what.
      return { changed: { ...diff(before, after), ...(phoneChanged ? { phone: 'changed' } : {}) } };
    });
  }

  async setActive(actor: Actor, id: string, active: boolean): Promise<User> {
    if (!active && id === actor.userId) throw new AppError(ErrorCode.BAD_USER_INPUT, 'You cannot deactivate your own account');
    const user = await this.change(actor, id, 'user.deactivate', async (tx) => {
      await tx.manager.update(User, { id }, { active });
      if (!active) await this.auth.revokeAllSessions(tx.manager, id, 'deactivated');
      return { active };
    });
    if (!active) await this.auth.announceSessionsEnded(id);
    return user;
  }

  async assignRole(actor: Actor, userId: string, role: RoleInput): Promise<User> {
    await this.policy.authorize(actor, 'user.assign-role', { userId, institutionIds: [role.institutionId] }, { type: RESOURCE, id: userId });
    return this.change(actor, userId, 'user.assign-role', async (tx) => {
      await this.assertInstitutionsExist(tx.manager, [role.institutionId]);
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(RoleAssignment)
        .values({ userId, ...role })
        .orIgnore()
        .execute();
      return { role };
    });
  }

  async revokeRole(actor: Actor, userId: string, role: RoleInput): Promise<User> {
    await this.policy.authorize(actor, 'user.assign-role', { userId, institutionIds: [role.institutionId] }, { type: RESOURCE, id: userId });
    return this.change(actor, userId, 'user.revoke-role', async (tx, user) => {
      if (user.roles.length <= 1) {
        throw new AppError(ErrorCode.BAD_USER_INPUT, 'A user keeps at least one role; deactivate the account instead');
      }
      await tx.manager.delete(RoleAssignment, { userId, role: role.role, institutionId: role.institutionId });
      return { role };
    });
  }

  async resetPassword(actor: Actor, input: ResetPasswordInput): Promise<User> {
    const target = await this.load(this.dataSource.manager, input.userId);
    this.passwords.assertStrong(input.newPassword, target.username);
    const passwordHash = await this.passwords.hash(input.newPassword);
    const user = await this.change(actor, input.userId, 'user.reset-password', async (tx) => {
      await tx.manager.update(User, { id: input.userId }, { passwordHash, mustChangePassword: true, failedSignIns: 0, lockedUntil: null });
      await this.auth.revokeAllSessions(tx.manager, input.userId, 'password-reset');
      return {};
    });
    await this.auth.announceSessionsEnded(input.userId);
    return user;
  }

  async unlock(actor: Actor, id: string): Promise<User> {
    return this.change(actor, id, 'user.unlock', async (tx) => {
      await tx.manager.update(User, { id }, { failedSignIns: 0, lockedUntil: null });
      return {};
    });
  }

  async changeOwnPassword(actor: Actor, currentPassword: string, newPassword: string): Promise<User> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await this.passwords.verify(user.passwordHash, currentPassword))) {
      await this.audit.record({ actor, action: 'user.change-own-password', resourceType: RESOURCE, resourceId: user.id, outcome: AuditOutcome.FAILURE, code: ErrorCode.INVALID_CREDENTIALS });
      throw new AppError(ErrorCode.INVALID_CREDENTIALS, 'Current password is wrong');
    }
    if (currentPassword === newPassword) throw new AppError(ErrorCode.WEAK_PASSWORD, 'The new password must differ from the current one');
    this.passwords.assertStrong(newPassword, user.username);
    const passwordHash = await this.passwords.hash(newPassword);
    // The person's other devices sign in again with the new password; this one carries on.
    const changed = await this.change(actor, user.id, 'user.change-own-password', async (tx) => {
      await tx.manager.update(User, { id: user.id }, { passwordHash, mustChangePassword: false });
      await this.auth.revokeAllSessions(tx.manager, user.id, 'password-change', actor.sessionId);
      return {};
    });
    await this.auth.announceSessionsEnded(user.id);
    return changed;
  }

  /** Authorises `action` on the user, applies `work` and audits it in one transaction, then returns the user. */
  private async change(
    actor: Actor,
    id: string,
    action: Action | 'user.revoke-role',
    work: (tx: { manager: EntityManager }, user: User) => Promise<Record<string, unknown>>,
  ): Promise<User> {
    // Decide before the transaction opens: a denial writes its own audit row, which must not wait on it.
    await this.authorizeOn(actor, action === 'user.revoke-role' ? 'user.assign-role' : action, await this.load(this.dataSource.manager, id));
    await this.audit.transaction(async (tx) => {
      const user = await this.load(tx.manager, id);
      const details = await work(tx, user);
      await tx.audit({ actor, action, resourceType: RESOURCE, resourceId: id, institutionId: user.roles[0]?.institutionId ?? null, details });
    });
    return this.load(this.dataSource.manager, id);
  }

  private authorizeOn(actor: Actor, action: Action, user: User) {
    return this.policy.authorize(actor, action, { userId: user.id, institutionIds: user.roles.map((r) => r.institutionId) }, { type: RESOURCE, id: user.id });
  }

  private async load(manager: EntityManager, id: string): Promise<User> {
    const user = await manager.findOne(User, { where: { id }, relations: { roles: { institution: true } } });
    if (!user) throw notFound('User');
    return user;
  }

  private async loadMany(ids: string[]): Promise<User[]> {
    const users = await this.dataSource.getRepository(User).find({ where: ids.map((id) => ({ id })), relations: { roles: { institution: true } } });
    const byId = new Map(users.map((u) => [u.id, u]));
    return ids.map((id) => byId.get(id)!);
  }

  private async assertInstitutionsExist(manager: EntityManager, ids: string[]) {
    const found = await manager.countBy(Institution, ids.map((id) => ({ id, active: true })));
    if (found !== ids.length) throw new AppError(ErrorCode.BAD_USER_INPUT, 'Every role needs an existing, active institution', { field: 'roles' });
  }
}

const unique = <T>(values: T[]) => [...new Set(values)];
const uniqueRoles = (roles: RoleInput[]) => [...new Map(roles.map((r) => [`${r.role}|${r.institutionId}`, r])).values()];
