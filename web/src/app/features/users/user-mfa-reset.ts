import { Component, inject, input, resource } from '@angular/core';
import { Api } from '../../core/graphql/api';
import { I18n } from '../../core/i18n/i18n.service';
import { Confirm } from '../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PendingAction } from '../../shared/pending-action';
import { Toasts } from '../../shared/toast/toasts.service';

const MFA_ENABLED = 'query UserMfa($id: ID!) { user(id: $id) { mfaEnabled } }';
const RESET_MFA = 'mutation ResetUserMfa($id: ID!) { resetUserMfa(userId: $id) }';

/** Whether the person has an authenticator; removing it (lost phone) makes them set up a new one at the next sign-in. */
@Component({
  selector: 'app-user-mfa-reset',
  imports: [ErrorBanner],
  template: `
    @if (action.error(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (enabled.hasValue()) {
      <div class="account-line">
        <p data-testid="user-mfa-state">{{ t(enabled.value() ? 'mfa.admin.enabled' : 'mfa.admin.none') }}</p>
        @if (enabled.value()) {
          <button type="button" class="button button--danger" [disabled]="action.busy()" (click)="reset()" data-testid="user-mfa-reset">{{ t('mfa.admin.reset') }}</button>
        }
      </div>
    }
  `,
  styles: `
    .account-line { display: flex; align-items: center; justify-content: space-between; gap: 1rem; flex-wrap: wrap; }
    .account-line p { margin-block: 0.5rem; }
  `,
})
export class UserMfaReset {
  readonly userId = input.required<string>();

  private readonly api = inject(Api);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly t = inject(I18n).t;
  protected readonly action = new PendingAction();
  protected readonly enabled = resource({
    params: () => this.userId(),
    loader: async ({ params, abortSignal }) => (await this.api.request<{ user: { mfaEnabled: boolean } }>(MFA_ENABLED, { id: params }, abortSignal)).user.mfaEnabled,
  });

  protected async reset(): Promise<void> {
    const confirmed = await this.confirm.ask({ title: this.t('mfa.admin.reset'), body: this.t('mfa.admin.resetBody'), confirmLabel: this.t('mfa.admin.reset'), danger: true });
    if (!confirmed) return;
    const done = await this.action.run(() => this.api.request(RESET_MFA, { id: this.userId() }));
    if (done === undefined) return;
    this.toasts.show({ key: 'mfa.admin.resetDone' });
    this.enabled.reload();
  }
}
