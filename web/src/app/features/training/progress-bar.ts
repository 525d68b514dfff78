import { Component, computed, input } from '@angular/core';

/** A labelled bar for "done of total" (lessons, minutes, upload bytes); full turns green. */
@Component({
  selector: 'app-progress-bar',
  template: `
    <div
      class="progress"
      role="progressbar"
      aria-valuemin="0"
      [attr.aria-valuemax]="total()"
      [attr.aria-valuenow]="done()"
      [attr.aria-label]="label()"
      [class.progress--done]="percent() >= 100"
    >
      <span class="progress__bar" [style.inline-size.%]="percent()"></span>
    </div>
  `,
  styles: `
    .progress { block-size: 0.55rem; margin-block: 0.3rem; border-radius: 999px; background: var(--hover); overflow: hidden; }
    .progress__bar { display: block; block-size: 100%; background: var(--accent); transition: inline-size 0.2s ease-out; }
    .progress--done .progress__bar { background: var(--success); }
    @media (prefers-reduced-motion: reduce) { .progress__bar { transition: none; } }
  `,
})
export class ProgressBar {
  readonly done = input.required<number>();
  readonly total = input.required<number>();
  readonly label = input.required<string>();
  protected readonly percent = computed(() => (this.total() > 0 ? Math.min(100, (this.done() / this.total()) * 100) : 0));
}
