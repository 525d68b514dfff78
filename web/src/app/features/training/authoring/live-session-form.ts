import { Component, inject, input, output, signal } from '@angular/core';
import { form, maxLength, min, required, schema } from '@angular/forms/signals';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { FORM_IMPORTS } from '../../../shared/forms';
import { submitWithServerErrors } from '../../../shared/forms/server-errors';
import { TrainingApi } from '../training.api';
import type { LiveSession } from '../training.models';

interface SessionDraft {
  title: string;
  /** datetime-local: the trainer's own clock. */
  startsAt: string;
  durationMinutes: number;
}

const EMPTY: SessionDraft = { title: '', startsAt: '', durationMinutes: 60 };

const sessionSchema = schema<SessionDraft>((path) => {
  required(path.title);
  maxLength(path.title, 200);
  required(path.startsAt);
  min(path.durationMinutes, 5, { message: 'training.validation.duration' });
});

/** Schedules a live session of the course. */
@Component({
  selector: 'app-live-session-form',
  imports: [ErrorBanner, FORM_IMPORTS],
  template: `
    <form novalidate (submit)="save($event)" data-testid="live-session-form">
      @if (error(); as error) {
        <app-error-banner [error]="error" />
      }
      <div class="form-grid">
        <app-field [field]="form.title" controlId="session-title" [label]="t('training.field.sessionTitle')">
          <input id="session-title" type="text" dir="auto" [formField]="form.title" data-testid="session-title" />
        </app-field>
        <app-field [field]="form.startsAt" controlId="session-start" [label]="t('training.field.startsAt')">
          <input id="session-start" type="datetime-local" [formField]="form.startsAt" data-testid="session-starts-at" />
        </app-field>
        <app-field [field]="form.durationMinutes" controlId="session-duration" [label]="t('training.field.duration')">
          <input id="session-duration" type="number" step="5" [formField]="form.durationMinutes" data-testid="session-duration" />
        </app-field>
      </div>
      <button type="submit" class="button" [disabled]="form().submitting()" data-testid="session-save">{{ t('training.editor.schedule') }}</button>
    </form>
  `,
})
export class LiveSessionForm {
  readonly courseId = input.required<string>();
  readonly scheduled = output<LiveSession>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly draft = signal<SessionDraft>({ ...EMPTY });
  protected readonly form = form(this.draft, sessionSchema);
  protected readonly error = signal<unknown>(null);

  protected async save(event: Event): Promise<void> {
    event.preventDefault();
    const fields = { title: this.form.title, startsAt: this.form.startsAt, durationMinutes: this.form.durationMinutes };
    await submitWithServerErrors(this.form, this.error, fields, async () => {
      const d = this.draft();
      const session = await this.api.scheduleLiveSession({
        courseId: this.courseId(),
        title: d.title.trim(),
        startsAt: new Date(d.startsAt).toISOString(),
        durationMinutes: d.durationMinutes,
      });
      this.draft.set({ ...EMPTY });
      this.form().reset();
      this.scheduled.emit(session);
    });
  }
}
