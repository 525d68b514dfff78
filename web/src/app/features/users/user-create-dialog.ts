import { Component, computed, inject, input, output, signal } from '@angular/core';
import { form, pattern, required, validate } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { roleLabel } from '../../core/i18n/labels';
import { LOCALE_INFO, LOCALES } from '../../core/i18n/locale';
import type { Institution } from '../../core/models/institution';
import type { User } from '../../core/models/user';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';
import { RolePicker } from './role-picker';
import { passwordRules, profileRules, type ProfileDraft, toProfileInput, USERNAME_PATTERN } from './user-rules';
import { type RoleInput, UsersApi } from './users.api';

interface NewUserDraft extends ProfileDraft {
  username: string;
  password: string;
  roles: RoleInput[];
}

@Component({
  selector: 'app-user-create-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS, RolePicker],
  templateUrl: './user-create-dialog.html',
})
export class UserCreateDialog {
  readonly institutions = input.required<readonly Institution[]>();
  readonly created = output<User>();
  readonly closed = output<void>();

  private readonly api = inject(UsersApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly roleLabel = roleLabel;
  protected readonly locales = LOCALES;
  protected readonly localeInfo = LOCALE_INFO;

  protected readonly draft = signal<NewUserDraft>({
    username: '',
    displayName: '',
    email: '',
    phone: '',
    locale: this.i18n.locale(),
    password: '',
    roles: [],
  });
  protected readonly form = form(this.draft, (path) => {
    required(path.username);
    pattern(path.username, USERNAME_PATTERN, { message: 'validation.username' });
    profileRules(path);
    passwordRules(path.password);
    validate(path.roles, ({ value }) => (value().length ? undefined : { kind: 'required', message: 'validation.rolesRequired' }));
  });
  protected readonly error = signal<unknown>(null);
  private readonly names = computed(() => new Map(this.institutions().map((i) => [i.id, i.name])));

  protected institutionName(id: string): string {
    return this.names().get(id) ?? id;
  }

  protected addRole(role: RoleInput): void {
    const exists = this.draft().roles.some((r) => r.role === role.role && r.institutionId === role.institutionId);
    if (!exists) this.form.roles().value.update((roles) => [...roles, role]);
    this.form.roles().markAsTouched();
  }

  protected removeRole(index: number): void {
    this.form.roles().value.update((roles) => roles.filter((_, i) => i !== index));
  }

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = {
      username: this.form.username,
      displayName: this.form.displayName,
      email: this.form.email,
      phone: this.form.phone,
      password: this.form.password,
      roles: this.form.roles,
    };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      const draft = this.draft();
      const user = await this.api.create({
        ...toProfileInput(draft),
        username: draft.username.trim().toLowerCase(),
        password: draft.password,
        roles: draft.roles,
      });
      this.created.emit(user);
    });
  }
}
