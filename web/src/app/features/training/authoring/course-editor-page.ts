import { Component, computed, inject, input, resource, signal } from '@angular/core';
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
import { moved } from './move';
import { QuestionBankFiles } from './question-bank-files';
import { QuestionEditor } from './question-editor';

/**
 * Trainer authoring: the course itself, modules and lessons, the question bank with its answer key,
 * the exam, live sessions, and publishing; everything can be edited, deleted and reordered later, and the course
 * duplicated for a new cohort. A new course is created first, then filled in.
 */
@Component({
  selector: 'app-course-editor-page',
  imports: [RouterLink, ErrorBanner, CourseForm, ModulesEditor, QuestionBankFiles, QuestionEditor, ExamSettingsForm, LiveSessionForm],
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
  protected readonly currentQuestions = computed(() => this.questions().filter((q) => q.state === 'CURRENT').length);
  protected readonly publishing = new PendingAction();
  protected readonly duplicating = new PendingAction();
  protected readonly bankAction = new PendingAction();
  protected readonly editingQuestion = signal<string | null>(null);

  protected async moveQuestion(index: number, step: -1 | 1): Promise<void> {
    const course = this.course();
    const order = moved(this.questions().map((q) => q.id), index, step);
    if (!course || !order) return;
    await this.bankAction.run(() => this.api.reorderQuestions(course.id, order));
    this.data.reload();
  }

  /** Deleted, or retired when trainees already had it: the server decides and says which. */
  protected async deleteQuestion(question: Question): Promise<void> {
    const confirmed = await this.confirm.ask({
      title: this.t('training.question.deleteTitle'),
      body: this.t('training.question.deleteBody', { stem: question.stem }),
      confirmLabel: this.t('training.editor.delete'),
      danger: true,
    });
    if (!confirmed) return;
    const removal = await this.bankAction.run(() => this.api.deleteQuestion(question.id));
    if (removal) this.toasts.show({ key: removal.retired ? 'training.question.retiredToast' : 'training.question.deletedToast' });
    this.data.reload();
  }

  protected questionSaved(): void {
    this.editingQuestion.set(null);
    this.toasts.show({ key: 'training.question.newVersionToast' });
    this.data.reload();
  }

  /** A draft copy for a new cohort, opened for editing. */
  protected async duplicate(): Promise<void> {
    const course = this.course();
    if (!course) return;
    const confirmed = await this.confirm.ask({
      title: this.t('training.editor.duplicateTitle', { title: course.title }),
      body: this.t('training.editor.duplicateBody'),
      confirmLabel: this.t('training.editor.duplicate'),
    });
    if (!confirmed) return;
    const id = await this.duplicating.run(() => this.api.duplicateCourse(course.id, this.t('training.editor.copyTitle', { title: course.title }).slice(0, 200)));
    if (!id) return;
    this.toasts.show({ key: 'training.editor.duplicated' });
    await this.router.navigate(['/training/courses', id, 'edit']);
  }

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
