import { Component, computed, inject, input, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages/en';
import type { ConsultReport, ReportVerification } from '../../core/models/consult-report';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { PendingAction } from '../../shared/pending-action';
import { saveFile } from '../../shared/save-file';
import { ReportsApi } from './reports.api';

/** A lesion the AI found, as the report lists it. */
export interface ReportLesion {
  id: string;
  /** 1-based, over all images of the study. */
  n: number;
  image: string;
  probability: number;
}

/**
 * One signed version of the report, for both sides: the category, recommendation, findings, impression and
 * the specialist's view of each AI lesion; the PDF made at signing, and a check that nothing changed since.
 */
@Component({
  selector: 'app-signed-report',
  imports: [ErrorBanner],
  template: `
    @let r = report();
    <article class="signed" data-testid="signed-report" [attr.data-version]="r.version">
      <p class="signed__meta muted">
        {{ t('report.versionSigned', { version: r.version, time: r.signedAt ? i18n.dateTime(r.signedAt) : '—' }) }}
        @if (r.contentHash) {
          · {{ t('report.hash') }} <code class="code" data-testid="report-hash" [attr.title]="r.contentHash">{{ r.contentHash.slice(0, 12) }}</code>
        }
      </p>
      <dl class="signed__fields">
        @if (r.categorySystem && r.categoryValue) {
          <div>
            <dt>{{ t('report.category') }}</dt>
            <dd data-testid="report-category">{{ r.categorySystem }} {{ r.categoryValue }}</dd>
          </div>
        }
        @if (r.recommendation) {
          <div>
            <dt>{{ t('report.recommendation') }}</dt>
            <dd data-testid="report-recommendation" [attr.data-value]="r.recommendation">
              {{ t(recommendationKey(r.recommendation)) }}
              @if (r.followUpMonths) {
                · {{ t('report.inMonths', { n: r.followUpMonths }) }}
              }
            </dd>
          </div>
        }
        @if (r.findings) {
          <div class="signed__wide">
            <dt>{{ t('report.findings') }}</dt>
            <dd class="signed__text" dir="auto">{{ r.findings }}</dd>
          </div>
        }
        <div class="signed__wide">
          <dt>{{ t('report.impression') }}</dt>
          <dd class="signed__text" dir="auto" data-testid="report-impression">{{ r.impression }}</dd>
        </div>
        @if (r.lesionAssessments.length > 0 || r.addedLesions.length > 0) {
          <div class="signed__wide">
            <dt>{{ t('report.aiLesions') }}</dt>
            <dd>
              <ul class="signed__lesions">
                @for (l of r.addedLesions; track l.id; let i = $index) {
                  <li data-testid="report-added-assessment" [attr.data-category]="l.category">
                    {{ t('report.addedLesion', { n: lesions().length + i + 1, image: imageName(l.imageId) }) }}: <strong>{{ l.category }}</strong> — {{ t('report.missed') }}
                    @if (l.note) {
                      <span class="muted" dir="auto"> — {{ l.note }}</span>
                    }
                  </li>
                }
                @for (a of r.lesionAssessments; track a.lesionId) {
                  <li data-testid="report-lesion-assessment" [attr.data-agreement]="a.agreement">
                    {{ lesionText(a.lesionId) }}: <strong>{{ t(agreementKey(a.agreement)) }}</strong>
                    @if (a.note) {
                      <span class="muted" dir="auto"> — {{ a.note }}</span>
                    }
                  </li>
                }
              </ul>
            </dd>
          </div>
        }
      </dl>
      @if (action.error(); as error) {
        <app-error-banner [error]="error" />
      }
      <div class="row-actions">
        <button type="button" class="button" [disabled]="action.busy()" (click)="download()" data-testid="report-download">{{ t('report.downloadPdf') }}</button>
        <button type="button" class="button" [disabled]="action.busy()" (click)="verify()" data-testid="report-verify">{{ t('report.verify') }}</button>
      </div>
      @if (verification(); as v) {
        <p class="banner" [class.banner--info]="v.valid" [class.banner--error]="!v.valid" role="status" data-testid="report-verify-result" [attr.data-valid]="v.valid">
          {{ t(v.valid ? 'report.valid' : 'report.invalid') }}
          <span class="muted">
            · {{ t(v.contentHashMatches ? 'report.hashMatches' : 'report.hashDiffers') }} · {{ t(v.pdfIntact ? 'report.pdfIntact' : 'report.pdfChanged') }}
            @if (v.contentHash) {
              · <code class="code" [attr.title]="v.contentHash">{{ v.contentHash.slice(0, 12) }}</code>
            }
          </span>
        </p>
      }
    </article>
  `,
  styles: `
    .signed__meta { margin-block: 0 0.75rem; font-size: 0.875rem; }
    .signed__fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.75rem 1.5rem; margin-block: 0 1rem; }
    .signed__fields dt { font-size: 0.8rem; color: var(--muted); }
    .signed__fields dd { margin: 0; font-weight: 600; }
    .signed__wide { grid-column: 1 / -1; }
    .signed__text { font-weight: 400 !important; white-space: pre-line; }
    .signed__lesions { margin: 0; padding-inline-start: 1.25rem; font-weight: 400; }
    .banner { margin-block-start: 0.75rem; }
  `,
})
export class SignedReport {
  readonly report = input.required<ConsultReport>();
  readonly lesions = input<ReportLesion[]>([]);
  /** The study's images (id and name), for the lesions the specialist added. */
  readonly imageNames = input<Record<string, string>>({});

  private readonly api = inject(ReportsApi);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly action = new PendingAction();
  private readonly verified = signal<ReportVerification | null>(null);
  /** Only for the version shown. */
  protected readonly verification = computed(() => {
    const v = this.verified();
    return v && v.reportId === this.report().id ? v : null;
  });

  protected readonly recommendationKey = (value: string) => `report.recommendation.${value}` as MessageKey;
  protected readonly agreementKey = (value: string) => `report.agreement.${value}` as MessageKey;

  protected lesionOf(id: string): ReportLesion | undefined {
    return this.lesions().find((l) => l.id === id);
  }

  protected lesionText(id: string): string {
    const lesion = this.lesionOf(id);
    return lesion ? this.t('report.lesion', { n: lesion.n, image: lesion.image }) : this.t('report.lesionUnknown');
  }

  protected imageName(imageId: string): string {
    return this.imageNames()[imageId] ?? '';
  }

  protected async download(): Promise<void> {
    const file = await this.action.run(() => this.api.pdf(this.report().id));
    if (file) saveFile(file);
  }

  protected async verify(): Promise<void> {
    const result = await this.action.run(() => this.api.verify(this.report().id));
    if (result) this.verified.set(result);
  }
}
