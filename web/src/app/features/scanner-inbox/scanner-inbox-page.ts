import { Component, inject, resource, signal } from '@angular/core';
import { Router } from '@angular/router';
import { I18n } from '../../core/i18n/i18n.service';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { ListState } from '../../shared/list-state/list-state';
import { Toasts } from '../../shared/toast/toasts.service';
import { ScannerInboxApi, type ScannerInboxEntry } from './scanner-inbox.api';

/** Township doctors say who the patient is for images a scanner sent that matched no one (or several). */
@Component({
  selector: 'app-scanner-inbox-page',
  imports: [ListState, ErrorBanner],
  styles: ['.inbox { list-style: none; margin: 0; padding: 0; }', '.row-actions { flex-wrap: wrap; align-items: center; margin-block-start: 0.5rem; }'],
  template: `
    <div class="page-header">
      <h1 class="page-title">{{ t('scannerInbox.title') }}</h1>
    </div>
    <p class="muted">{{ t('scannerInbox.intro') }}</p>
    @if (error(); as error) {
      <app-error-banner [error]="error" />
    }
    <app-list-state [loading]="entries.isLoading()" [error]="entries.error()" [empty]="list().length === 0" [emptyText]="t('scannerInbox.empty')" (retry)="entries.reload()">
      <ul class="inbox" data-testid="scanner-inbox">
        @for (entry of list(); track entry.id) {
          <li class="card" data-testid="scanner-inbox-entry">
            <p class="muted">{{ t('scannerInbox.received', { time: i18n.dateTime(entry.receivedAt), device: entry.deviceLabel }) }} · {{ t('scannerInbox.images', { count: entry.instances }) }}</p>
            <p>
              {{ t('scannerInbox.tags') }}:
              <strong dir="auto" data-testid="scanner-inbox-name">{{ entry.patient.name ?? t('scannerInbox.noName') }}</strong>
              @if (entry.patient.birthDate) {
                · {{ t('scannerInbox.birthDate', { date: entry.patient.birthDate }) }}
              }
              @if (entry.patient.id) {
                · <span dir="ltr">{{ t('scannerInbox.patientId', { id: entry.patient.id }) }}</span>
              }
            </p>
            @if (entry.candidates.length > 0) {
              <p class="muted">{{ t('scannerInbox.candidates') }}</p>
              <div class="row-actions">
                @for (candidate of entry.candidates; track candidate.id) {
                  <button type="button" class="button button--primary" [disabled]="busy() === entry.id" (click)="resolve(entry, { patientId: candidate.id })" data-testid="scanner-inbox-confirm">
                    {{ t('scannerInbox.confirm', { name: candidate.name }) }}
                  </button>
                }
              </div>
            }
            <div class="row-actions">
              <button type="button" class="button" [disabled]="busy() === entry.id || !entry.patient.name" (click)="resolve(entry, { createPatient: true })" data-testid="scanner-inbox-register">
                {{ t('scannerInbox.register') }}
              </button>
              <span class="muted">{{ t('scannerInbox.registerHint') }}</span>
            </div>
          </li>
        }
      </ul>
    </app-list-state>
  `,
})
export class ScannerInboxPage {
  private readonly api = inject(ScannerInboxApi);
  private readonly router = inject(Router);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;

  protected readonly entries = resource({ loader: ({ abortSignal }) => this.api.list(abortSignal) });
  protected readonly busy = signal<string | null>(null);
  protected readonly error = signal<unknown>(null);

  protected list(): ScannerInboxEntry[] {
    return this.entries.hasValue() ? this.entries.value() : [];
  }

  protected async resolve(entry: ScannerInboxEntry, patient: { patientId: string } | { createPatient: true }): Promise<void> {
    this.busy.set(entry.id);
    this.error.set(null);
    try {
      const studyId = await this.api.resolve(entry.id, patient);
      this.toasts.show({ key: 'scannerInbox.filed' });
      void this.router.navigate(['/studies', studyId]);
    } catch (error) {
      this.error.set(error);
      this.entries.reload();
    } finally {
      this.busy.set(null);
    }
  }
}
