import { Component, computed, inject, input, output, signal } from '@angular/core';
import { form, FormField } from '@angular/forms/signals';
import { I18n } from '../../core/i18n/i18n.service';
import { roleLabel } from '../../core/i18n/labels';
import type { Institution } from '../../core/models/institution';
import { type Role, ROLES } from '../../core/models/role';
import type { RoleInput } from './users.api';

/** Picks a role at an (active) institution; used when creating a user and when assigning a role. */
@Component({
  selector: 'app-role-picker',
  imports: [FormField],
  template: `
    <div class="role-picker">
      <label class="visually-hidden" [for]="idPrefix() + '-role'">{{ t('users.field.role') }}</label>
      <select [id]="idPrefix() + '-role'" [formField]="form.role" data-testid="role-picker-role">
        <option value="">{{ t('users.field.role') }}…</option>
        @for (role of roles; track role) {
          <option [value]="role">{{ t(roleLabel(role)) }}</option>
        }
      </select>
      <label class="visually-hidden" [for]="idPrefix() + '-institution'">{{ t('users.field.institution') }}</label>
      <select [id]="idPrefix() + '-institution'" [formField]="form.institutionId" data-testid="role-picker-institution">
        <option value="">{{ t('users.field.institution') }}…</option>
        @for (institution of choices(); track institution.id) {
          <option [value]="institution.id">{{ institution.name }}</option>
        }
      </select>
      <button type="button" class="button" [disabled]="!complete() || busy()" (click)="add()" data-testid="role-picker-add">
        {{ t(actionLabel()) }}
      </button>
    </div>
  `,
  styles: `
    .role-picker { display: flex; gap: 0.5rem; flex-wrap: wrap; }
    .role-picker select { flex: 1 1 12rem; inline-size: auto; }
  `,
})
export class RolePicker {
  readonly institutions = input.required<readonly Institution[]>();
  readonly idPrefix = input.required<string>();
  readonly actionLabel = input<'users.addRole' | 'users.assign'>('users.addRole');
  readonly busy = input(false);
  readonly picked = output<RoleInput>();

  protected readonly t = inject(I18n).t;
  protected readonly roles = ROLES;
  protected readonly roleLabel = roleLabel;

  protected readonly choice = signal<{ role: Role | ''; institutionId: string }>({ role: '', institutionId: '' });
  protected readonly form = form(this.choice);
  protected readonly choices = computed(() => this.institutions().filter((i) => i.active));
  protected readonly complete = computed(() => Boolean(this.choice().role && this.choice().institutionId));

  protected add(): void {
    const { role, institutionId } = this.choice();
    if (!role || !institutionId) return;
    this.picked.emit({ role, institutionId });
    this.choice.set({ role: '', institutionId: '' });
  }
}
