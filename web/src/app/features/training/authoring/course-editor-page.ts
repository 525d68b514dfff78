import { Component, computed, inject, input, resource } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { I18n } from '../../../core/i18n/i18n.service';
import { Confirm } from '../../../shared/confirm/confirm.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { Toasts } from '../../../shared/toast/toasts.service';
import { TrainingApi } from '../training.api';
import { questionKindLabel } from '../training-labels';
import type { Question, QuestionKey } from '../training.models';
import { CourseForm } from './course-form';
import { ExamSettingsForm } from './exam-settings-form';
import { LiveSessionForm } from './live-session-form';
import { ModulesEditor } from './modules-editor';
import { QuestionEditor } from './question-editor';

/**
 * Trainer authoring: the course itself, modules and lessons, the question bank with its answer key,
 * the exam, live sessions, and publishing. A new course is created first, then filled in.
 */
@Component({
  selector: 'app-course-editor-page',
  imports: [RouterLink, ErrorBanner, CourseForm, ModulesEditor, QuestionEditor, ExamSettingsForm, LiveSessionForm],
  templateUrl: './course-editor-page.html',
  styleUrl: './course-editor-page.css',
})
export class CourseEditorPage {
  /** Absent on /training/courses/new. */
  readonly id = input<string>();

  private readonly api = inject(TrainingApi);
  private readonly router = inject(Router);
  private readonly confirm = inject(Confirm);
  private readonly toasts = inject(Toasts);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly kindLabel = questionKindLabel;

  protected readonly data = resource({
    params: () => this.id(),
    loader: ({ params, abortSignal }) => this.api.authoring(params, abortSignal),
  });
  protected readonly course = computed(() => (this.data.hasValue() ? this.data.value().course : null));
  protected readonly questions = computed(() => (this.data.hasValue() ? this.data.value().questions : []));
  private readonly keys = computed(() => new Map((this.data.hasValue() ? this.data.value().questionKeys : []).map((k) => [k.questionId, k])));
  protected readonly sessions = computed(() => (this.data.hasValue() ? [...this.data.value().liveSessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt)) : []));
  protected readonly publishing = new PendingAction();

  protected keyOf(question: Question): QuestionKey | null {
    return this.keys().get(question.id) ?? null;
  }

  protected async created(id: string): Promise<void> {
    if (this.id()) {
      this.toasts.show({ key: 'training.editor.saved' });
      this.data.reload();
      return;
    }
    this.toasts.show({ key: 'training.editor.created' });
    await this.router.navigate(['/training/courses', id, 'edit']);
  }

  protected reload(): void {
    this.data.reload();
  }

  protected examSaved(): void {
    this.toasts.show({ key: 'training.editor.examSaved' });
    this.data.reload();
  }

  protected async publish(): Promise<void> {
    const course = this.course();
    if (!course) return;
    const confirmed = await this.confirm.ask({
      title: this.t('training.editor.publishTitle', { title: course.title }),
      body: this.t('training.editor.publishBody'),
      confirmLabel: this.t('training.editor.publish'),
    });
    if (!confirmed) return;
    await this.publishing.run(() => this.api.publish(course.id));
    if (this.publishing.error()) return;
    this.toasts.show({ key: 'training.editor.published' });
    this.data.reload();
  }
}
