import { Component, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import type { ExamAttempt } from '../training.models';

/** After submission: each question with the person's answer and whether it was right. */
@Component({
  selector: 'app-exam-review',
  template: `
    <ol class="review" data-testid="exam-review">
      @for (q of attempt().questions; track q.question.id) {
        <li class="review__item" data-testid="review-item" [attr.data-correct]="q.correct">
          <span class="review__mark" [class.review__mark--ok]="q.correct" aria-hidden="true">{{ q.correct ? '✓' : '✗' }}</span>
          <div>
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
          </div>
        </li>
      }
    </ol>
  `,
  styles: `
    .review { list-style: none; margin: 0; padding: 0; }
    .review__item { display: flex; gap: 0.75rem; padding-block: 0.6rem; border-block-end: 1px solid var(--border); }
    .review__mark { font-weight: 700; color: var(--danger); inline-size: 1.2rem; flex: none; }
    .review__mark--ok { color: var(--success); }
    .review__stem { margin: 0; white-space: pre-line; }
    .review__answer { margin: 0.2rem 0 0; font-size: 0.9rem; }
  `,
})
export class ExamReview {
  readonly attempt = input.required<ExamAttempt>();
  protected readonly t = inject(I18n).t;
  protected readonly round = Math.round;

  protected optionsText(options: readonly string[], chosen: readonly number[]): string {
    return chosen.map((i) => options[i] ?? `#${i + 1}`).join('; ');
  }
}
