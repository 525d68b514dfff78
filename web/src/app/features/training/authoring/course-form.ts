import { Component, inject, input, linkedSignal, output, signal } from '@angular/core';
import { form, max, maxLength, min, minLength, required, schema } from '@angular/forms/signals';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../../shared/forms';
import { submitWithServerErrors } from '../../../shared/forms/server-errors';
import { TrainingApi } from '../training.api';
import type { Course, CourseInput } from '../training.models';

const courseSchema = schema<CourseInput>((path) => {
  required(path.title);
  minLength(path.title, 3);
  maxLength(path.title, 200);
  required(path.description);
  maxLength(path.description, 5000);
  min(path.creditHours, 0, { message: 'training.validation.notNegative' });
  max(path.creditHours, 1000, { message: 'training.validation.creditHours' });
  min(path.certificateValidMonths, 1, { message: 'training.validation.atLeastOne' });
  max(path.certificateValidMonths, 240, { message: 'training.validation.validMonths' });
  min(path.requiredAttendanceMinutes, 0, { message: 'training.validation.notNegative' });
  maxLength(path.certificateSignerName, 200);
  maxLength(path.certificateSignerTitle, 200);
});

const toDraft = (course: Course | null): CourseInput => ({
  title: course?.title ?? '',
  description: course?.description ?? '',
  creditHours: course?.creditHours ?? 1,
  certificateValidMonths: course?.certificateValidMonths ?? 24,
  requiredAttendanceMinutes: course?.requiredAttendanceMinutes ?? 0,
  certificateSignerName: course?.certificateSignerName ?? '',
  certificateSignerTitle: course?.certificateSignerTitle ?? '',
});

/** A course's title, description, credit hours, certificate validity and required live attendance: create or edit. */
@Component({
  selector: 'app-course-form',
  imports: [ErrorBanner, FORM_IMPORTS],
  template: `
    <form novalidate (submit)="save($event)" data-testid="course-form">
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <app-field [field]="form.title" controlId="course-title" [label]="t('training.field.title')">
        <input id="course-title" type="text" dir="auto" [formField]="form.title" data-testid="course-title-input" />
      </app-field>
      <app-field [field]="form.description" controlId="course-description" [label]="t('training.field.description')">
        <textarea id="course-description" rows="3" dir="auto" [formField]="form.description" data-testid="course-description"></textarea>
      </app-field>
      <div class="form-grid">
        <app-field [field]="form.creditHours" controlId="course-credits" [label]="t('training.field.creditHours')">
          <input id="course-credits" type="number" step="0.5" [formField]="form.creditHours" data-testid="course-credit-hours" />
        </app-field>
        <app-field [field]="form.certificateValidMonths" controlId="course-validity" [label]="t('training.field.validMonths')">
          <input id="course-validity" type="number" step="1" [formField]="form.certificateValidMonths" data-testid="course-valid-months" />
        </app-field>
        <app-field [field]="form.requiredAttendanceMinutes" controlId="course-attendance" [label]="t('training.field.attendance')" [hint]="t('training.field.attendanceHint')">
          <input id="course-attendance" type="number" step="5" [formField]="form.requiredAttendanceMinutes" data-testid="course-attendance" />
        </app-field>
      </div>
      <div class="form-grid">
        <app-field [field]="form.certificateSignerName" controlId="course-signer" [label]="t('training.field.signerName')" [hint]="t('training.field.signerNameHint')" [optional]="true">
          <input id="course-signer" type="text" dir="auto" [formField]="form.certificateSignerName" data-testid="course-signer-name" />
        </app-field>
        <app-field [field]="form.certificateSignerTitle" controlId="course-signer-title" [label]="t('training.field.signerTitle')" [optional]="true">
          <input id="course-signer-title" type="text" dir="auto" [formField]="form.certificateSignerTitle" data-testid="course-signer-title" />
        </app-field>
      </div>
      <div class="row-actions">
        <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="course-save">
          {{ form().submitting() ? t('common.saving') : t(course() ? 'common.save' : 'training.editor.create') }}
        </button>
      </div>
    </form>
  `,
})
export class CourseForm {
  /** null: a new course. */
  readonly course = input<Course | null>(null);
  /** The course's id once stored. */
  readonly saved = output<string>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly draft = linkedSignal(() => toDraft(this.course()));
  protected readonly form = form(this.draft, courseSchema);
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = {
      title: this.form.title,
      description: this.form.description,
      creditHours: this.form.creditHours,
      certificateValidMonths: this.form.certificateValidMonths,
      requiredAttendanceMinutes: this.form.requiredAttendanceMinutes,
      certificateSignerName: this.form.certificateSignerName,
      certificateSignerTitle: this.form.certificateSignerTitle,
    };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      const existing = this.course();
      const d = this.draft();
      const input: CourseInput = { ...d, title: d.title.trim(), description: d.description.trim(), certificateSignerName: d.certificateSignerName.trim(), certificateSignerTitle: d.certificateSignerTitle.trim() };
      if (existing) await this.api.updateCourse(existing.id, input);
      this.saved.emit(existing ? existing.id : await this.api.createCourse(input));
    });
  }
}
