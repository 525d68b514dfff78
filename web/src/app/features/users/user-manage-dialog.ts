import { Component, computed, inject, input, output } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { Institution } from '../../core/models/institution';
import type { User } from '../../core/models/user';
import { Dialog } from '../../shared/dialog/dialog';
import { SpecialistFocusEditor } from '../../shared/specialist-focus/specialist-focus-editor';
import { UserAccountActions } from './user-account-actions';
import { UserMfaReset } from './user-mfa-reset';
import { UserPasswordReset } from './user-password-reset';
import { UserProfileForm } from './user-profile-form';
import { UserRolesEditor } from './user-roles-editor';

/** Everything an administrator does to one account, section by section. */
@Component({
  selector: 'app-user-manage-dialog',
  imports: [Dialog, UserProfileForm, UserRolesEditor, UserPasswordReset, UserAccountActions, SpecialistFocusEditor, UserMfaReset],
  template: `
    <app-dialog [title]="t('users.manageTitle', { name: user().displayName })" [wide]="true" (closed)="closed.emit()">
      <section class="dialog__section" aria-labelledby="manage-profile">
        <h3 id="manage-profile" class="dialog__section-title">{{ t('users.section.profile') }}</h3>
        <p class="muted">{{ t('users.field.username') }}: <span class="code">{{ user().username }}</span></p>
        <app-user-profile-form [user]="user()" (changed)="changed.emit($event)" />
      </section>
      <section class="dialog__section" aria-labelledby="manage-roles">
        <h3 id="manage-roles" class="dialog__section-title">{{ t('users.section.roles') }}</h3>
        <app-user-roles-editor [user]="user()" [institutions]="institutions()" (changed)="changed.emit($event)" />
      </section>
      @if (isSpecialist()) {
        <section class="dialog__section" aria-labelledby="manage-focus">
          <h3 id="manage-focus" class="dialog__section-title">{{ t('focus.title') }}</h3>
          <app-specialist-focus-editor [userId]="user().id" />
        </section>
      }
      <section class="dialog__section" aria-labelledby="manage-password">
        <h3 id="manage-password" class="dialog__section-title">{{ t('users.section.password') }}</h3>
        <app-user-password-reset [user]="user()" (changed)="changed.emit($event)" />
      </section>
      <section class="dialog__section" aria-labelledby="manage-account">
        <h3 id="manage-account" class="dialog__section-title">{{ t('users.section.account') }}</h3>
        <app-user-account-actions [user]="user()" (changed)="changed.emit($event)" />
      </section>
      <section class="dialog__section" aria-labelledby="manage-mfa">
        <h3 id="manage-mfa" class="dialog__section-title">{{ t('mfa.admin.title') }}</h3>
        <app-user-mfa-reset [userId]="user().id" />
      </section>
    </app-dialog>
  `,
})
export class UserManageDialog {
  readonly user = input.required<User>();
  readonly institutions = input.required<readonly Institution[]>();
  readonly changed = output<User>();
  readonly closed = output<void>();

  protected readonly t = inject(I18n).t;
  protected readonly isSpecialist = computed(() => this.user().roles.some((r) => r.role === 'SPECIALIST'));
}
