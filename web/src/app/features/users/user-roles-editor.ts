import { Component, inject, input, output } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages/en';
import { roleLabel } from '../../core/i18n/labels';
import type { Institution } from '../../core/models/institution';
import type { RoleAssignment, User } from '../../core/models/user';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';
import { RolePicker } from './role-picker';
import { type RoleInput, UsersApi } from './users.api';

/** The roles a person holds, with revoke (confirmed; the last role stays) and assign. */
@Component({
  selector: 'app-user-roles-editor',
  imports: [ErrorBanner, RolePicker],
  template: `
    @if (action.error(); as error) {
      <app-error-banner [error]="error" />
    }
    <ul class="role-list" data-testid="user-role-list">
      @for (assignment of user().roles; track assignment.role + assignment.institutionId) {
        <li class="role-list__item">
          <span>{{ t('roleAt', { role: t(roleLabel(assignment.role)), institution: assignment.institution.name }) }}</span>
          <button
            type="button"
            class="button button--small button--ghost"
            [disabled]="action.busy() || user().roles.length <= 1"
            (click)="revoke(assignment)"
            data-testid="role-revoke"
          >
            {{ t('users.revoke') }}
          </button>
        </li>
      }
    </ul>
    <app-role-picker idPrefix="assign-role" actionLabel="users.assign" [busy]="action.busy()" [institutions]="institutions()" (picked)="assign($event)" />
  `,
})
export class UserRolesEditor {
  readonly user = input.required<User>();
  readonly institutions = input.required<readonly Institution[]>();
  readonly changed = output<User>();

  private readonly api = inject(UsersApi);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly roleLabel = roleLabel;
  protected readonly action = new PendingAction();

  protected async assign(role: RoleInput): Promise<void> {
    await this.run(() => this.api.assignRole(this.user().id, role), 'users.roleAssigned');
  }

  protected async revoke(assignment: RoleAssignment): Promise<void> {
    const confirmed = await this.confirm.ask({
      title: this.t('users.revokeTitle'),
      body: this.t('users.revokeBody', { role: this.t(roleLabel(assignment.role)), institution: assignment.institution.name }),
      confirmLabel: this.t('users.revoke'),
      danger: true,
    });
    if (confirmed) await this.run(() => this.api.revokeRole(this.user().id, { role: assignment.role, institutionId: assignment.institutionId }), 'users.roleRevoked');
  }

  private async run(change: () => Promise<User>, done: MessageKey): Promise<void> {
    const user = await this.action.run(change);
    if (!user) return;
    this.toasts.show({ key: done });
    this.changed.emit(user);
  }
}
