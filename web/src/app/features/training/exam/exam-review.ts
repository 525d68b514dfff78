import { Component, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import type { ExamAttempt } from '../training.models';
import { LesionMarker } from './lesion-marker';

/**
 * After submission: each question with the person's answer and whether it was right, and, once the exam's
 * review is open, the correct answer (on an image-marking question the correct box under the mark) and the
 * trainer's explanation. While the answers are held back until the exam closes, it says until when.
 */
@Component({
  selector: 'app-exam-review',
  imports: [LesionMarker],
  template: `
    @if (attempt().reviewOpensAt; as opensAt) {
      <p class="banner banner--info" role="status" data-testid="review-held">{{ t('training.exam.reviewHeld', { at: i18n.dateTime(opensAt) }) }}</p>
    }
    <ol class="review" data-testid="exam-review">
      @for (q of attempt().questions; track q.question.id) {
        <li class="review__item" data-testid="review-item" [attr.data-correct]="q.correct">
          <span class="review__mark" [class.review__mark--ok]="q.correct" aria-hidden="true">{{ q.correct ? '✓' : '✗' }}</span>
          <div class="review__body">
            <p class="review__stem" dir="auto">{{ q.question.stem }}</p>
            <p class="muted review__answer">
              {{ t(q.correct ? 'training.exam.correct' : 'training.exam.incorrect') }} ·
              @if (q.savedAnswer?.options?.length) {
                {{ t('training.exam.yourAnswer') }}: <span dir="auto">{{ optionsText(q.question.options, q.savedAnswer!.options!) }}</span>
              } @else if (q.savedAnswer?.point; as p) {
                {{ t('training.exam.markedAt', { x: round(p[0]), y: round(p[1]) }) }}
              } @else {
                {{ t('training.exam.unanswered') }}
              }
            </p>
            @if (q.review; as key) {
              @if (q.question.kind === 'MARK_LESION' && q.question.imageUrl) {
                <app-lesion-marker [src]="q.question.imageUrl" [alt]="q.question.stem" [point]="q.savedAnswer?.point ?? null" [keyBox]="key.lesionBox" [disabled]="true" />
              } @else if (key.correctOptions.length) {
                <p class="review__key" data-testid="review-correct">
                  {{ t('training.exam.correctAnswer') }}: <span dir="auto">{{ optionsText(q.question.options, key.correctOptions) }}</span>
                </p>
              }
              @if (key.explanation) {
                <p class="review__explanation" dir="auto" data-testid="review-explanation">{{ key.explanation }}</p>
              }
            }
          </div>
        </li>
      }
    </ol>
  `,
  styles: `
    .review { list-style: none; margin: 0; padding: 0; }
    .review__item { display: flex; gap: 0.75rem; padding-block: 0.6rem; border-block-end: 1px solid var(--border); }
    .review__body { min-inline-size: 0; flex: 1; }
    .review__mark { font-weight: 700; color: var(--danger); inline-size: 1.2rem; flex: none; }
    .review__mark--ok { color: var(--success); }
    .review__stem { margin: 0; white-space: pre-line; }
    .review__answer, .review__key { margin: 0.2rem 0 0; font-size: 0.9rem; }
    .review__key { color: var(--success); }
    .review__explanation { margin: 0.4rem 0 0; padding: 0.4rem 0.6rem; border-inline-start: 3px solid var(--accent); white-space: pre-line; }
  `,
})
export class ExamReview {
  readonly attempt = input.required<ExamAttempt>();
  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly round = Math.round;

  protected optionsText(options: readonly string[], chosen: readonly number[]): string {
    return chosen.map((i) => options[i] ?? `#${i + 1}`).join('; ');
  }
}
