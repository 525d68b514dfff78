import { Component, inject, input, resource, signal } from '@angular/core';
import { AuthService } from '../../../core/auth/auth.service';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { Toasts } from '../../../shared/toast/toasts.service';
import { CertificatesApi } from '../certificates/certificates.api';
import { certificateStatusLabel } from '../training-labels';
import type { Certificate } from '../training.models';

/** A course's certificates with their state; admins revoke one with a reason that the public check shows. */
@Component({
  selector: 'app-course-certificates',
  imports: [ErrorBanner],
  template: `
    @if (action.error(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (list.error(); as error) {
      <app-error-banner [error]="error" [retryable]="true" (retry)="list.reload()" />
    } @else if (list.hasValue()) {
      @if (list.value().length === 0) {
        <p class="muted" data-testid="course-certificates-empty">{{ t('training.certificates.noneForCourse') }}</p>
      } @else {
        <div class="table-wrap">
          <table class="table" data-testid="course-certificates">
            <thead>
              <tr>
                <th scope="col">{{ t('training.certificates.holder') }}</th>
                <th scope="col">{{ t('common.status') }}</th>
                <th scope="col">{{ t('training.certificates.expires') }}</th>
                <th scope="col">{{ t('training.certificates.code') }}</th>
                @if (isAdmin()) {
                  <th scope="col"><span class="visually-hidden">{{ t('training.certificates.revoke') }}</span></th>
                }
              </tr>
            </thead>
            <tbody>
              @for (c of list.value(); track c.id) {
                <tr [attr.data-status]="c.status">
                  <td dir="auto">{{ c.holderName }} · {{ c.institutionName }}</td>
                  <td>{{ t(statusLabel(c.status)) }}</td>
                  <td><bdi>{{ i18n.dateTime(c.expiresAt) }}</bdi></td>
                  <td><span class="code" dir="ltr">{{ c.verificationCode }}</span></td>
                  @if (isAdmin()) {
                    <td>
                      @if (c.status !== 'REVOKED') {
                        @if (revoking() === c.id) {
                          <form class="revoke" (submit)="revoke($event, c, reason.value)">
                            <input type="text" dir="auto" required minlength="3" maxlength="500" [placeholder]="t('training.certificates.revokeReason')" [attr.aria-label]="t('training.certificates.revokeReason')" #reason data-testid="revoke-reason" />
                            <button type="submit" class="button button--small button--danger" [disabled]="action.busy()" data-testid="revoke-confirm">{{ t('training.certificates.revoke') }}</button>
                            <button type="button" class="button button--small button--ghost" (click)="revoking.set(null)">{{ t('common.cancel') }}</button>
                          </form>
                        } @else {
                          <button type="button" class="button button--small button--ghost" (click)="revoking.set(c.id)" data-testid="revoke-start">{{ t('training.certificates.revoke') }}…</button>
                        }
                      }
                    </td>
                  }
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    } @else {
      <p class="muted" role="status">{{ t('common.loading') }}</p>
    }
  `,
  styles: `.revoke { display: flex; gap: 0.4rem; flex-wrap: wrap; }`,
})
export class CourseCertificates {
  readonly courseId = input.required<string>();

  private readonly api = inject(CertificatesApi);
  private readonly toasts = inject(Toasts);
  protected readonly isAdmin = inject(AuthService).isAdmin;
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly statusLabel = certificateStatusLabel;
  protected readonly action = new PendingAction();
  /** The row whose revocation reason is being typed. */
  protected readonly revoking = signal<string | null>(null);

  protected readonly list = resource({ params: () => this.courseId(), loader: ({ params, abortSignal }) => this.api.ofCourse(params, abortSignal) });

  protected async revoke(event: Event, certificate: Certificate, reason: string): Promise<void> {
    event.preventDefault();
    if (!(await this.action.run(() => this.api.revoke(certificate.id, reason.trim())))) return;
    this.revoking.set(null);
    this.toasts.show({ key: 'training.certificates.revoked' });
    this.list.reload();
  }
}
