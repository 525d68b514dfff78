import { Component, inject, input, output, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { saveFile } from '../../../shared/save-file';
import { LineErrorsTable } from '../line-errors-table';
import type { QuestionFileFormat, QuestionImportReport } from '../training.models';
import { QuestionBankFilesApi } from './question-bank-files.api';

/**
 * The question bank as a file: export as GIFT (Moodle) or Oasis JSON (pictures included), and import one. An
 * import is checked first: the trainer sees what will be added and each refused question's line, then confirms.
 */
@Component({
  selector: 'app-question-bank-files',
  imports: [ErrorBanner, LineErrorsTable],
  template: `
    <div class="row-actions" data-testid="question-bank-files">
      <button type="button" class="button button--small button--ghost" [disabled]="action.busy()" (click)="export('gift')" data-testid="bank-export-gift">{{ t('training.bankFiles.exportGift') }}</button>
      <button type="button" class="button button--small button--ghost" [disabled]="action.busy()" (click)="export('json')" data-testid="bank-export-json">{{ t('training.bankFiles.exportJson') }}</button>
      <label class="button button--small button--ghost">
        {{ t('training.bankFiles.import') }}
        <input type="file" class="visually-hidden" accept=".txt,.gift,.json,text/plain,application/json" [disabled]="action.busy()" (change)="choose($event)" data-testid="bank-import-file" />
      </label>
    </div>
    <p class="muted small">{{ t('training.bankFiles.help') }}</p>
    @if (action.busy()) {
      <p class="list-state" role="status"><span class="spinner" aria-hidden="true"></span>{{ t('training.bankFiles.working') }}</p>
    }
    @if (action.error(); as error) {
      <app-error-banner [error]="error" />
    }
    @if (report(); as r) {
      <div class="import-report" role="status" data-testid="bank-import-report" [attr.data-dry-run]="r.dryRun" [attr.data-valid]="r.valid" [attr.data-failed]="r.failed">
        <p>
          @if (r.dryRun) {
            {{ t('training.bankFiles.checked', { file: fileName(), n: r.questions, valid: r.valid, failed: r.failed }) }}
          } @else {
            {{ t('training.bankFiles.imported', { n: r.imported, failed: r.failed }) }}
          }
        </p>
        <app-line-errors-table [errors]="r.errors" testId="bank-import-errors" />
        @if (r.dryRun) {
          <div class="row-actions">
            <button type="button" class="button button--small" [disabled]="action.busy() || r.valid === 0" (click)="confirm()" data-testid="bank-import-confirm">
              {{ t('training.bankFiles.confirm', { n: r.valid }) }}
            </button>
            <button type="button" class="button button--small button--ghost" [disabled]="action.busy()" (click)="cancel()" data-testid="bank-import-cancel">{{ t('common.cancel') }}</button>
          </div>
        }
      </div>
    }
  `,
  styles: `.import-report { border: 1px solid var(--border); border-radius: var(--radius); padding: 0.75rem; margin-top: 0.5rem; }`,
})
export class QuestionBankFiles {
  readonly courseId = input.required<string>();
  /** Questions were added to the bank. */
  readonly imported = output<void>();

  private readonly api = inject(QuestionBankFilesApi);
  protected readonly t = inject(I18n).t;
  protected readonly action = new PendingAction();
  protected readonly report = signal<QuestionImportReport | null>(null);
  protected readonly fileName = signal('');
  private file: File | null = null;

  protected async export(format: QuestionFileFormat): Promise<void> {
    const file = await this.action.run(() => this.api.export(this.courseId(), format));
    if (file) saveFile(file);
  }

  /** A chosen file is checked (dry run), never imported straight away. */
  protected async choose(event: Event): Promise<void> {
    const picker = event.target as HTMLInputElement;
    const file = picker.files?.[0];
    picker.value = '';
    if (!file) return;
    this.file = file;
    this.fileName.set(file.name);
    this.report.set(null);
    this.report.set((await this.action.run(() => this.api.import(this.courseId(), file, true))) ?? null);
  }

  protected async confirm(): Promise<void> {
    const file = this.file;
    if (!file) return;
    const report = await this.action.run(() => this.api.import(this.courseId(), file, false));
    if (!report) return;
    this.file = null;
    this.report.set(report);
    if (report.imported > 0) this.imported.emit();
  }

  protected cancel(): void {
    this.file = null;
    this.report.set(null);
  }
}
