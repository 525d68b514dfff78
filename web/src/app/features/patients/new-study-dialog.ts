import { Component, inject, input, output, signal } from '@angular/core';
import { form, maxLength, required, schema, validate } from '@angular/forms/signals';
import { StudiesApi } from '../../core/data/studies.api';
import { I18n } from '../../core/i18n/i18n.service';
import { regionLabel } from '../../core/i18n/labels';
import { ANATOMICAL_REGIONS, type AnatomicalRegion, type Study } from '../../core/models/study';
import { Dialog } from '../../shared/dialog/dialog';
import { ErrorBanner } from '../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../shared/forms';
import { submitWithServerErrors } from '../../shared/forms/server-errors';

interface StudyDraft {
  region: AnatomicalRegion | '';
  description: string;
  /** mm per pixel off the scanner's scale, for PNG/JPEG; '' when unknown. */
  mmPerPixel: string;
}

const studySchema = schema<StudyDraft>((path) => {
  required(path.region);
  maxLength(path.description, 500);
  validate(path.mmPerPixel, ({ value }) => {
    const text = value().trim();
    if (!text) return undefined;
    const mm = Number(text.replace(',', '.'));
    return Number.isFinite(mm) && mm > 0 && mm <= 10 ? undefined : { kind: 'mmPerPixel', message: 'validation.mmPerPixel' };
  });
});

/** Opens a study (an examination of one body area) for a patient; its images are uploaded next. */
@Component({
  selector: 'app-new-study-dialog',
  imports: [Dialog, ErrorBanner, FORM_IMPORTS],
  template: `
    <app-dialog [title]="t('study.newTitle')" (closed)="closed.emit()">
      <form novalidate (submit)="save($event)" data-testid="study-form">
        @if (error(); as error) {
          <app-error-banner [error]="error" />
        }
        @if (!aiConsent()) {
          <div class="banner banner--warning" role="note" data-testid="study-no-consent"><p class="banner__text">{{ t('upload.noConsent') }}</p></div>
        }
        <app-field [field]="form.region" controlId="study-region" [label]="t('study.region')">
          <select id="study-region" autofocus [formField]="form.region" data-testid="study-region">
            <option value="">{{ t('common.choose') }}</option>
            @for (region of regions; track region) {
              <option [value]="region">{{ t(regionLabel(region)) }}</option>
            }
          </select>
        </app-field>
        <app-field [field]="form.mmPerPixel" controlId="study-mm" [label]="t('study.mmPerPixelLabel')" [hint]="t('study.mmPerPixelHint')" [optional]="true">
          <input id="study-mm" type="text" inputmode="decimal" dir="ltr" autocomplete="off" [formField]="form.mmPerPixel" data-testid="study-mm-per-pixel" />
        </app-field>
        <app-field [field]="form.description" controlId="study-description" [label]="t('study.description')" [optional]="true">
          <input id="study-description" type="text" [formField]="form.description" data-testid="study-description" />
        </app-field>
        <div class="dialog__actions">
          <button type="button" class="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
          <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="study-save">
            {{ form().submitting() ? t('common.saving') : t('study.create') }}
          </button>
        </div>
      </form>
    </app-dialog>
  `,
})
export class NewStudyDialog {
  readonly patientId = input.required<string>();
  readonly aiConsent = input.required<boolean>();
  readonly saved = output<Study>();
  readonly closed = output<void>();

  private readonly api = inject(StudiesApi);
  protected readonly t = inject(I18n).t;
  protected readonly regions = ANATOMICAL_REGIONS;
  protected readonly regionLabel = regionLabel;

  protected readonly draft = signal<StudyDraft>({ region: '', description: '', mmPerPixel: '' });
  protected readonly form = form(this.draft, studySchema);
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    await submitWithServerErrors(this.form, this.error, { region: this.form.region, description: this.form.description, uploaderMmPerPixel: this.form.mmPerPixel }, async () => {
      const { region, description, mmPerPixel } = this.draft();
      this.saved.emit(
        await this.api.create({
          patientId: this.patientId(),
          region: region as AnatomicalRegion,
          description: description.trim() || null,
          uploaderMmPerPixel: mmPerPixel.trim() ? Number(mmPerPixel.trim().replace(',', '.')) : null,
        }),
      );
    });
  }
}
