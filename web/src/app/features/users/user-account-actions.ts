import { Component, computed, inject, input, output } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages/en';
import { isLocked, type User } from '../../core/models/user';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';
import { UsersApi } from './users.api';

/** Lock-out and activation of one account. */
@Component({
  selector: 'app-user-account-actions',
  imports: [ErrorBanner],
  template: `
    @if (action.error(); as error) {
      <app-error-banner [error]="error" />
    }
    <div class="account-line">
      <p>{{ locked() ? t('users.lockedUntil', { time: i18n.dateTime(user().lockedUntil!) }) : t('users.notLockedNow') }}</p>
      @if (locked()) {
        <button type="button" class="button" [disabled]="action.busy()" (click)="unlock()" data-testid="user-unlock">{{ t('users.unlock') }}</button>
      }
    </div>
    <div class="account-line">
      <p>{{ t(user().active ? 'users.activeNow' : 'users.inactiveNow') }}</p>
      @if (!isSelf()) {
        <button
          type="button"
          class="button"
          [class.button--danger]="user().active"
          [disabled]="action.busy()"
          (click)="toggleActive()"
          data-testid="user-toggle-active"
        >
          {{ t(user().active ? 'common.deactivate' : 'common.activate') }}
        </button>
      }
    </div>
  `,
  styles: `
    .account-line { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
    .account-line p { margin-block: 0.5rem; }
  `,
})
export class UserAccountActions {
  readonly user = input.required<User>();
  readonly changed = output<User>();

  private readonly api = inject(UsersApi);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly action = new PendingAction();
  protected readonly locked = computed(() => isLocked(this.user()));
  /** Nobody deactivates their own account (the API refuses too). */
  protected readonly isSelf = computed(() => this.auth.user()?.id === this.user().id);

  protected async unlock(): Promise<void> {
    await this.run(() => this.api.unlock(this.user().id), 'users.unlocked');
  }

  protected async toggleActive(): Promise<void> {
    const user = this.user();
    const activate = !user.active;
    const confirmed = await this.confirm.ask({
      title: this.t(activate ? 'users.activateTitle' : 'users.deactivateTitle', { name: user.displayName }),
      body: this.t(activate ? 'users.activateBody' : 'users.deactivateBody'),
      confirmLabel: this.t(activate ? 'common.activate' : 'common.deactivate'),
      danger: !activate,
    });
    if (confirmed) await this.run(() => this.api.setActive(user.id, activate), 'users.saved');
  }

  private async run(change: () => Promise<User>, done: MessageKey): Promise<void> {
    const user = await this.action.run(change);
    if (!user) return;
    this.toasts.show({ key: done });
    this.changed.emit(user);
  }
}
