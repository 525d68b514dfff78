import { Component, inject, input, resource } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PacsApi } from './pacs.api';

/** On the study page: what of the study went to its institution's PACS, and what still waits (with why). */
@Component({
  selector: 'app-study-pacs-sends',
  imports: [ErrorBanner],
  template: `
    <section class="card" aria-labelledby="study-pacs" data-testid="study-pacs">
      <div class="page-header">
        <h2 id="study-pacs" class="card__title">{{ t('pacs.sends.title') }}</h2>
        <button type="button" class="button button--small" (click)="sends.reload()" [disabled]="sends.isLoading()" data-testid="study-pacs-refresh">{{ t('pacs.sends.refresh') }}</button>
      </div>
      @if (sends.error(); as error) {
        <app-error-banner [error]="error" [retryable]="true" (retry)="sends.reload()" />
      } @else if (sends.hasValue()) {
        @if (sends.value().length) {
          <ul class="tasks">
            @for (s of sends.value(); track s.id) {
              <li class="tasks__item" data-testid="study-pacs-send" [attr.data-kind]="s.kind" [attr.data-status]="s.status">
                <span>{{ t(s.kind === 'REPORT' ? 'pacs.sends.REPORT' : 'pacs.sends.PRE_READ') }}</span>
                <span class="badge" [class.badge--success]="s.status === 'SENT'">{{ t(s.status === 'SENT' ? 'pacs.sends.SENT' : 'pacs.sends.QUEUED') }}</span>
                @if (s.status === 'SENT' && s.sentAt) {
                  <span class="muted"><bdi>{{ i18n.dateTime(s.sentAt) }}</bdi></span>
                } @else if (s.lastError) {
                  <span class="muted" data-testid="study-pacs-error"><bdi dir="ltr">{{ t('pacs.sends.retrying', { n: s.attempts, reason: s.lastError }) }}</bdi></span>
                }
              </li>
            }
          </ul>
        } @else {
          <p class="muted" data-testid="study-pacs-none">{{ t('pacs.sends.none') }}</p>
        }
      } @else {
        <p class="muted">…</p>
      }
    </section>
  `,
})
export class StudyPacsSends {
  readonly studyId = input.required<string>();
  private readonly api = inject(PacsApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly sends = resource({ params: () => ({ studyId: this.studyId() }), loader: ({ params, abortSignal }) => this.api.sends(params.studyId, abortSignal) });
}
