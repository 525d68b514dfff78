import { Component, computed, DestroyRef, effect, inject, input, linkedSignal, resource, signal } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ApiError } from '../../../core/graphql/api-error';
import { I18n } from '../../../core/i18n/i18n.service';
import { Confirm } from '../../../shared/confirm/confirm.service';
import { PendingAction } from '../../../shared/pending-action';
import { ProtectedMedia } from '../media/protected-media';
import { percentText } from '../../../shared/percent-text';
import { type AnswerValue, type AttemptQuestion, type ExamAttempt, hasImage, isSingleChoice } from '../training.models';
import { AnswerSaver } from './answer-saver';
import { examErrorText } from './exam-error-text';
import { ExamApi } from './exam.api';
import { ExamReview } from './exam-review';
import { LesionMarker } from './lesion-marker';

/** After the deadline the server closes the attempt; it is read again this long after the timer ran out. */
const CLOSE_GRACE_MS = 1_500;

/**
 * One exam attempt: a question at a time with a navigator, the countdown from the server's deadline
 * (the server's clock is the authority), autosave on every change with its state on screen, submit with
 * confirmation, then the score and the per-question review. A reload resumes with the saved answers.
 */
@Component({
  selector: 'app-exam-page',
  imports: [RouterLink, ProtectedMedia, LesionMarker, ExamReview],
  templateUrl: './exam-page.html',
  styleUrl: './exam-page.css',
})
export class ExamPage {
  readonly id = input.required<string>();

  private readonly api = inject(ExamApi);
  private readonly confirm = inject(Confirm);
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly percent = (fraction: number) => percentText(fraction, this.i18n.number);
  protected readonly examErrorText = examErrorText;
  protected readonly single = isSingleChoice;
  protected readonly hasImage = hasImage;

  protected readonly loaded = resource({
    params: () => this.id(),
    loader: async ({ params, abortSignal }) => ({ attempt: await this.api.attempt(params, abortSignal), receivedAt: Date.now() }),
  });
  protected readonly attempt = linkedSignal<ExamAttempt | null>(() => (this.loaded.hasValue() ? this.loaded.value().attempt : null));
  /** The server's clock minus ours, when the attempt was read. */
  private readonly clockOffset = computed(() => (this.loaded.hasValue() ? Date.parse(this.loaded.value().attempt.serverNow) - this.loaded.value().receivedAt : 0));
  protected readonly answers = linkedSignal<ReadonlyMap<string, AnswerValue>>(
    () => new Map((this.attempt()?.questions ?? []).filter((q) => q.savedAnswer).map((q) => [q.question.id, q.savedAnswer!])),
  );
  protected readonly current = signal(0);
  protected readonly question = computed<AttemptQuestion | null>(() => this.attempt()?.questions[this.current()] ?? null);

  private readonly now = signal(Date.now());
  protected readonly secondsLeft = computed(() => {
    const attempt = this.attempt();
    if (!attempt) return 0;
    return Math.max(0, Math.ceil((Date.parse(attempt.deadline) - (this.now() + this.clockOffset())) / 1_000));
  });
  protected readonly open = computed(() => this.attempt()?.status === 'IN_PROGRESS' && this.secondsLeft() > 0 && !this.closedByServer());
  protected readonly finished = computed(() => this.attempt()?.status === 'SUBMITTED' || this.attempt()?.status === 'EXPIRED');
  protected readonly closedByServer = signal(false);
  /** The course, known from any question of the draw. */
  private readonly courseId = computed(() => this.attempt()?.questions[0]?.question.courseId ?? null);
  protected readonly answeredCount = computed(() => (this.attempt()?.questions ?? []).filter((q) => this.isAnswered(q)).length);

  protected readonly saver = new AnswerSaver(
    (input) => this.api.save(input),
    () => this.closeNow(),
  );
  protected readonly submitting = new PendingAction();

  constructor() {
    const timer = setInterval(() => this.now.set(Date.now()), 1_000);
    inject(DestroyRef).onDestroy(() => {
      clearInterval(timer);
      this.saver.stop();
    });
    // Time is up: the server has closed (and graded) the attempt; read its verdict.
    let closing = false;
    effect(() => {
      if (this.attempt()?.status === 'IN_PROGRESS' && this.secondsLeft() === 0 && !closing) {
        closing = true;
        this.saver.stop();
        setTimeout(() => this.refresh(), CLOSE_GRACE_MS);
      }
    });
  }

  protected clock(seconds: number): string {
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    const mm = String(m).padStart(2, '0');
    const ss = String(s).padStart(2, '0');
    return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
  }

  protected isAnswered(q: AttemptQuestion): boolean {
    const answer = this.answers().get(q.question.id);
    return !!answer && ((answer.options?.length ?? 0) > 0 || !!answer.point);
  }

  protected chosen(q: AttemptQuestion, option: number): boolean {
    return this.answers().get(q.question.id)?.options?.includes(option) ?? false;
  }

  protected pointOf(q: AttemptQuestion): number[] | null {
    return this.answers().get(q.question.id)?.point ?? null;
  }

  protected choose(q: AttemptQuestion, option: number, checked: boolean): void {
    const before = this.answers().get(q.question.id)?.options ?? [];
    const options = this.single(q.question.kind) ? [option] : checked ? [...new Set([...before, option])].sort((a, b) => a - b) : before.filter((o) => o !== option);
    this.record(q, { options, point: null });
  }

  protected mark(q: AttemptQuestion, point: number[]): void {
    this.record(q, { options: null, point });
  }

  protected go(index: number): void {
    this.current.set(index);
  }

  protected async submit(): Promise<void> {
    const attempt = this.attempt();
    if (!attempt || !this.open()) return;
    const total = attempt.questions.length;
    const confirmed = await this.confirm.ask({
      title: this.t('training.exam.submitTitle'),
      body: this.t('training.exam.submitBody', { answered: this.answeredCount(), total }),
      confirmLabel: this.t('training.exam.submit'),
    });
    if (!confirmed) return;
    const result = await this.submitting.run(async () => {
      // Every answer on the server first: the grade is computed from what it has.
      if (!(await this.saver.flush())) throw new ApiError('ANSWERS_NOT_SAVED', 'Some answers are not saved yet');
      return this.api.submit(attempt.id);
    });
    if (result) {
      this.saver.stop();
      this.attempt.set(result);
      this.current.set(0);
    } else if (ApiError.from(this.submitting.error()).code === 'ATTEMPT_CLOSED') {
      this.closeNow();
    }
  }

  protected errorCode(error: unknown): string {
    return ApiError.from(error).code;
  }

  /** Back to the course the exam belongs to (the attempt names only its exam). */
  protected backLink(): string[] {
    const courseId = this.courseId();
    return courseId ? ['/training/courses', courseId] : ['/training'];
  }

  protected refresh(): void {
    this.loaded.reload();
  }

  private record(q: AttemptQuestion, value: AnswerValue): void {
    const attempt = this.attempt();
    if (!attempt || !this.open()) return;
    this.answers.update((all) => new Map(all).set(q.question.id, value));
    this.saver.save({
      attemptId: attempt.id,
      questionId: q.question.id,
      ...(value.point ? { point: value.point } : { options: value.options ?? [] }),
    });
  }

  /** The server refused a change because the attempt is over: show it closed and read the verdict. */
  private closeNow(): void {
    this.closedByServer.set(true);
    this.saver.stop();
    this.refresh();
  }
}
