import { Component, inject, input, linkedSignal, output, signal } from '@angular/core';
import { form, maxLength, pattern, required, schema } from '@angular/forms/signals';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../../shared/forms';
import { submitWithServerErrors } from '../../../shared/forms/server-errors';
import { TeachingCasePicker } from '../teaching-cases/teaching-case-picker';
import { TrainingApi } from '../training.api';
import { lessonKindLabel } from '../training-labels';
import { type Lesson, LESSON_KINDS, type LessonKind } from '../training.models';

interface LessonDraft {
  title: string;
  kind: LessonKind;
  body: string;
  mediaUrl: string;
  teachingCaseId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const lessonSchema = schema<LessonDraft>((path) => {
  required(path.title);
  maxLength(path.title, 200);
  required(path.body, { when: ({ valueOf }) => valueOf(path.kind) === 'TEXT' });
  required(path.mediaUrl, { when: ({ valueOf }) => valueOf(path.kind) === 'IMAGE' || valueOf(path.kind) === 'VIDEO' });
  required(path.teachingCaseId, { when: ({ valueOf }) => valueOf(path.kind) === 'CASE' });
  pattern(path.teachingCaseId, UUID, { message: 'training.validation.uuid' });
});

/** Adds a lesson to a module, or edits one: text, a picture, a video, or a de-identified teaching case. */
@Component({
  selector: 'app-lesson-form',
  imports: [ErrorBanner, FORM_IMPORTS, TeachingCasePicker],
  template: `
    <form class="lesson-form" novalidate (submit)="save($event)" data-testid="lesson-form">
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <div class="form-grid">
        <app-field [field]="form.title" [controlId]="prefix() + '-title'" [label]="t('training.field.lessonTitle')">
          <input [id]="prefix() + '-title'" type="text" dir="auto" [formField]="form.title" data-testid="lesson-title-input" />
        </app-field>
        <app-field [field]="form.kind" [controlId]="prefix() + '-kind'" [label]="t('training.field.lessonKind')">
          <select [id]="prefix() + '-kind'" [formField]="form.kind" data-testid="lesson-kind">
            @for (kind of kinds; track kind) {
              <option [value]="kind">{{ t(kindLabel(kind)) }}</option>
            }
          </select>
        </app-field>
      </div>
      @if (draft().kind === 'IMAGE' || draft().kind === 'VIDEO') {
        <app-field [field]="form.mediaUrl" [controlId]="prefix() + '-media'" [label]="t('training.field.mediaUrl')" [hint]="t('training.field.mediaUrlHint')">
          <input [id]="prefix() + '-media'" type="text" dir="ltr" [formField]="form.mediaUrl" data-testid="lesson-media-url" />
        </app-field>
      }
      @if (draft().kind === 'CASE') {
        <app-field [field]="form.teachingCaseId" [controlId]="prefix() + '-case'" [label]="t('training.field.teachingCase')">
          <input [id]="prefix() + '-case'" type="text" dir="ltr" spellcheck="false" [formField]="form.teachingCaseId" data-testid="lesson-case-id" />
        </app-field>
        <app-teaching-case-picker [chosenId]="draft().teachingCaseId" (picked)="draft.update((d) => ({ ...d, teachingCaseId: $event.id }))" />
      }
      <app-field [field]="form.body" [controlId]="prefix() + '-body'" [label]="t('training.field.body')" [optional]="draft().kind !== 'TEXT'">
        <textarea [id]="prefix() + '-body'" rows="5" dir="auto" [formField]="form.body" data-testid="lesson-body"></textarea>
      </app-field>
      <div class="row-actions">
        <button type="submit" class="button button--primary" [disabled]="form().submitting()" data-testid="lesson-save">
          {{ form().submitting() ? t('common.saving') : t(lesson() ? 'training.editor.saveLesson' : 'training.editor.addLesson') }}
        </button>
        <button type="button" class="button button--ghost" (click)="closed.emit()">{{ t('common.cancel') }}</button>
      </div>
    </form>
  `,
  styles: `.lesson-form { padding: 0.75rem; border: 1px dashed var(--border-strong); border-radius: var(--radius); margin-block: 0.5rem; }`,
})
export class LessonForm {
  readonly moduleId = input.required<string>();
  /** Set: edits this lesson instead of adding one. */
  readonly lesson = input<Lesson | null>(null);
  /** The lesson as stored (added or edited). */
  readonly added = output<Lesson>();
  readonly closed = output<void>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly kinds = LESSON_KINDS;
  protected readonly kindLabel = lessonKindLabel;
  protected readonly prefix = () => `lesson-${this.lesson()?.id ?? this.moduleId()}`;
  protected readonly draft = linkedSignal<LessonDraft>(() => {
    const l = this.lesson();
    return { title: l?.title ?? '', kind: l?.kind ?? 'TEXT', body: l?.body ?? '', mediaUrl: (l?.kind !== 'CASE' && l?.mediaUrl) || '', teachingCaseId: l?.teachingCaseId ?? '' };
  });
  protected readonly form = form(this.draft, lessonSchema);
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = { title: this.form.title, body: this.form.body, mediaUrl: this.form.mediaUrl, teachingCaseId: this.form.teachingCaseId };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      const d = this.draft();
      const content = {
        title: d.title.trim(),
        kind: d.kind,
        body: d.body.trim(),
        mediaUrl: d.kind === 'IMAGE' || d.kind === 'VIDEO' ? d.mediaUrl.trim() : null,
        teachingCaseId: d.kind === 'CASE' ? d.teachingCaseId.trim() : null,
      };
      const editing = this.lesson();
      this.added.emit(editing ? await this.api.updateLesson(editing.id, content) : await this.api.addLesson({ moduleId: this.moduleId(), ...content }));
    });
  }
}
