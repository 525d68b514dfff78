import { Component, computed, inject, input, linkedSignal, resource } from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { AuthService } from '../../../core/auth/auth.service';
import { ApiError } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { PendingAction } from '../../../shared/pending-action';
import { ExamApi } from '../exam/exam.api';
import { examErrorText } from '../exam/exam-error-text';
import { ProgressBar } from '../progress-bar';
import { TrainingApi } from '../training.api';
import { percentText } from '../../../shared/percent-text';
import { attemptStatusLabel, lessonKindLabel } from '../training-labels';
import type { Lesson } from '../training.models';
import { LessonView } from './lesson-view';
import { LiveSessionList } from './live-session-list';

/**
 * The course player: modules and lessons with done ticks, the chosen lesson, "mark as done", progress
 * (lessons, attendance, exam), the exam with past attempts, and the live sessions.
 */
@Component({
  selector: 'app-course-page',
  imports: [RouterLink, ErrorBanner, ProgressBar, LessonView, LiveSessionList],
  templateUrl: './course-page.html',
  styleUrl: './course-page.css',
})
export class CoursePage {
  readonly id = input.required<string>();

  private readonly api = inject(TrainingApi);
  private readonly examApi = inject(ExamApi);
  private readonly router = inject(Router);
  private readonly auth = inject(AuthService);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly kindLabel = lessonKindLabel;
  protected readonly statusLabel = attemptStatusLabel;
  protected readonly percent = (fraction: number) => percentText(fraction, this.i18n.number);
  protected readonly examErrorText = examErrorText;
  protected readonly isTrainer = computed(() => this.auth.hasRole('TRAINER'));
  /** Trainers and administrators look at courses; they are not expected to be enrolled. */
  protected readonly isStaff = computed(() => this.isTrainer() || this.auth.hasRole('ADMIN'));

  protected readonly page = resource({ params: () => this.id(), loader: ({ params, abortSignal }) => this.api.course(params, abortSignal) });
  protected readonly course = computed(() => (this.page.hasValue() ? this.page.value().course : null));
  protected readonly sessions = computed(() => (this.page.hasValue() ? this.page.value().liveSessions : []));
  protected readonly progress = linkedSignal(() => this.course()?.myProgress ?? null);
  protected readonly lessons = computed(() => this.course()?.modules.flatMap((m) => m.lessons) ?? []);
  /** Lessons marked done here since the course was read. */
  protected readonly doneHere = linkedSignal<ReadonlySet<string>>(() => new Set(this.lessons().filter((l) => l.completedByMe).map((l) => l.id)));
  /** The first lesson not done yet, or the first lesson. */
  protected readonly selectedId = linkedSignal(() => (this.lessons().find((l) => !l.completedByMe) ?? this.lessons()[0])?.id ?? null);
  protected readonly selected = computed(() => this.lessons().find((l) => l.id === this.selectedId()) ?? null);

  protected readonly exam = computed(() => this.course()?.exam ?? null);
  protected readonly openAttempt = computed(() => this.exam()?.myAttempts.find((a) => a.status === 'IN_PROGRESS') ?? null);
  protected readonly attemptsLeft = computed(() => {
    const exam = this.exam();
    return exam ? Math.max(0, exam.maxAttempts - exam.myAttempts.length) : 0;
  });

  /** Closed as of when the course was read; a start after that is refused by the server (EXAM_CLOSED) and says so. */
  protected readonly examClosed = computed(() => {
    const closesAt = this.exam()?.closesAt;
    return !!closesAt && Date.parse(closesAt) <= Date.now();
  });

  protected readonly marking = new PendingAction();
  protected readonly starting = new PendingAction();
  protected readonly enrolling = new PendingAction();

  /** Self-enrolment: enrolled, the page is read again with the person's progress and the exam. */
  protected async enrolMyself(): Promise<void> {
    const course = this.course();
    if (course && (await this.enrolling.run(async () => (await this.api.enrolMyself(course.id), true)))) this.page.reload();
  }

  protected isDone(lesson: Lesson): boolean {
    return this.doneHere().has(lesson.id);
  }

  protected async markDone(lesson: Lesson): Promise<void> {
    const progress = await this.marking.run(() => this.api.completeLesson(lesson.id));
    if (!progress) return;
    this.progress.set(progress);
    this.doneHere.update((ids) => new Set(ids).add(lesson.id));
    const next = this.lessons().find((l) => !this.doneHere().has(l.id));
    if (next) this.selectedId.set(next.id);
  }

  /** Starts an attempt, or resumes the open one (the server decides which). */
  protected async startExam(): Promise<void> {
    const exam = this.exam();
    if (!exam) return;
    const attempt = await this.starting.run(() => this.examApi.start(exam.id));
    if (attempt) await this.router.navigate(['/training/attempts', attempt.id]);
  }

  protected errorCode(error: unknown): string {
    return ApiError.from(error).code;
  }
}
