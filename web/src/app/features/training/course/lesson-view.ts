import { Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ProtectedMedia } from '../media/protected-media';
import { type Lesson, teachingCaseUrl } from '../training.models';

/** A lesson's content: its text in paragraphs, and its picture, video or de-identified teaching-case image. */
@Component({
  selector: 'app-lesson-view',
  imports: [ProtectedMedia],
  template: `
    @let l = lesson();
    @if (mediaUrl(); as url) {
      <figure class="lesson-media" [attr.data-kind]="l.kind">
        <app-protected-media [src]="url" [kind]="l.kind === 'VIDEO' ? 'video' : 'image'" [alt]="l.title" />
        @if (l.kind === 'CASE') {
          <figcaption class="muted">{{ t('training.lesson.caseNote') }}</figcaption>
        }
      </figure>
    }
    @for (paragraph of paragraphs(); track $index) {
      <p class="lesson-text" dir="auto">{{ paragraph }}</p>
    }
  `,
  styles: `
    .lesson-media { margin: 0 0 1rem; }
    .lesson-media figcaption { font-size: 0.85rem; margin-block-start: 0.3rem; }
    .lesson-text { white-space: pre-line; line-height: 1.6; }
  `,
})
export class LessonView {
  readonly lesson = input.required<Lesson>();
  protected readonly t = inject(I18n).t;
  /** A teaching case without its own address is served by id. */
  protected readonly mediaUrl = computed(() => {
    const lesson = this.lesson();
    return lesson.mediaUrl ?? (lesson.teachingCaseId ? teachingCaseUrl(lesson.teachingCaseId) : null);
  });
  protected readonly paragraphs = computed(() =>
    this.lesson()
      .body.split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
  );
}
