import { Component, inject, input, linkedSignal, output, signal } from '@angular/core';
import { form, max, maxLength, min, required, schema } from '@angular/forms/signals';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../../shared/forms';
import { submitWithServerErrors } from '../../../shared/forms/server-errors';
import { TrainingApi } from '../training.api';
import type { Exam, ReviewAfter } from '../training.models';

/** The pass mark is edited as a percentage; the API stores a fraction. */
interface ExamDraft {
  title: string;
  questionCount: number;
  timeLimitMinutes: number;
  passingPercent: number;
  maxAttempts: number;
  reviewAfter: ReviewAfter;
  /** datetime-local on the trainer's own clock; '' when the exam stays open. */
  closesAt: string;
}

/** An ISO time as a datetime-local value on this browser's clock. */
const localInput = (iso: string | null): string => {
  if (!iso) return '';
  const at = new Date(iso);
  return new Date(at.getTime() - at.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const examSchema = (bankSize: () => number) =>
  schema<ExamDraft>((path) => {
    required(path.title);
    maxLength(path.title, 200);
    min(path.questionCount, 1, { message: 'training.validation.atLeastOne' });
    max(path.questionCount, bankSize, { message: 'training.validation.bankSize' });
    min(path.timeLimitMinutes, 1, { message: 'training.validation.atLeastOne' });
    min(path.passingPercent, 1, { message: 'training.validation.percent' });
    max(path.passingPercent, 100, { message: 'training.validation.percent' });
    min(path.maxAttempts, 1, { message: 'training.validation.atLeastOne' });
    // Answers held back until the exam closes need the time it closes.
    required(path.closesAt, { when: ({ valueOf }) => valueOf(path.reviewAfter) === 'CLOSE' });
  });

/**
 * The exam: how many questions are drawn from the bank, the time limit, the pass mark, the attempts allowed,
 * when it closes, and when trainees see the correct answers and explanations.
 */
@Component({
  selector: 'app-exam-settings-form',
  imports: [ErrorBanner, FORM_IMPORTS],
  template: `
    <form novalidate (submit)="save($event)" data-testid="exam-form">
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <app-field [field]="form.title" controlId="exam-title" [label]="t('training.field.examTitle')">
        <input id="exam-title" type="text" dir="auto" [formField]="form.title" data-testid="exam-title" />
      </app-field>
      <div class="form-grid">
        <app-field [field]="form.questionCount" controlId="exam-count" [label]="t('training.field.questionCount')" [hint]="t('training.field.questionCountHint', { n: bankSize() })">
          <input id="exam-count" type="number" step="1" [formField]="form.questionCount" data-testid="exam-question-count" />
        </app-field>
        <app-field [field]="form.timeLimitMinutes" controlId="exam-minutes" [label]="t('training.field.timeLimit')">
          <input id="exam-minutes" type="number" step="1" [formField]="form.timeLimitMinutes" data-testid="exam-time-limit" />
        </app-field>
        <app-field [field]="form.passingPercent" controlId="exam-pass" [label]="t('training.field.passingPercent')">
          <input id="exam-pass" type="number" step="1" [formField]="form.passingPercent" data-testid="exam-passing" />
        </app-field>
        <app-field [field]="form.maxAttempts" controlId="exam-attempts" [label]="t('training.field.maxAttempts')">
          <input id="exam-attempts" type="number" step="1" [formField]="form.maxAttempts" data-testid="exam-max-attempts" />
        </app-field>
        <app-field [field]="form.reviewAfter" controlId="exam-review" [label]="t('training.field.reviewAfter')" [hint]="t('training.field.reviewAfterHint')">
          <select id="exam-review" [formField]="form.reviewAfter" data-testid="exam-review-after">
            <option value="SUBMISSION">{{ t('training.reviewAfter.SUBMISSION') }}</option>
            <option value="CLOSE">{{ t('training.reviewAfter.CLOSE') }}</option>
          </select>
        </app-field>
        <app-field [field]="form.closesAt" controlId="exam-closes" [label]="t('training.field.closesAt')" [hint]="t('training.field.closesAtHint')">
          <input id="exam-closes" type="datetime-local" [formField]="form.closesAt" data-testid="exam-closes-at" />
        </app-field>
      </div>
      <div class="row-actions">
        <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="exam-save">
          {{ form().submitting() ? t('common.saving') : t('training.editor.saveExam') }}
        </button>
      </div>
    </form>
  `,
})
export class ExamSettingsForm {
  readonly courseId = input.required<string>();
  readonly exam = input<Exam | null>(null);
  /** Questions in the bank: the exam cannot draw more. */
  readonly bankSize = input.required<number>();
  readonly saved = output<Exam>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly draft = linkedSignal<ExamDraft>(() => {
    const exam = this.exam();
    return {
      title: exam?.title ?? '',
      questionCount: exam?.questionCount ?? Math.max(1, this.bankSize()),
      timeLimitMinutes: exam?.timeLimitMinutes ?? 20,
      passingPercent: exam ? Math.round(exam.passingScore * 100) : 60,
      maxAttempts: exam?.maxAttempts ?? 2,
      reviewAfter: exam?.reviewAfter ?? 'SUBMISSION',
      closesAt: localInput(exam?.closesAt ?? null),
    };
  });
  protected readonly form = form(this.draft, examSchema(() => this.bankSize()));
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = {
      title: this.form.title,
      questionCount: this.form.questionCount,
      timeLimitMinutes: this.form.timeLimitMinutes,
      passingScore: this.form.passingPercent,
      maxAttempts: this.form.maxAttempts,
      reviewAfter: this.form.reviewAfter,
      closesAt: this.form.closesAt,
    };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      const d = this.draft();
      const exam = await this.api.setExam({
        courseId: this.courseId(),
        title: d.title.trim(),
        questionCount: d.questionCount,
        timeLimitMinutes: d.timeLimitMinutes,
        passingScore: d.passingPercent / 100,
        maxAttempts: d.maxAttempts,
        reviewAfter: d.reviewAfter,
        closesAt: d.closesAt ? new Date(d.closesAt).toISOString() : null,
      });
      this.saved.emit(exam);
    });
  }
}
