import { Component, computed, inject, input, linkedSignal, output, resource, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { Dialog } from '../../../shared/dialog/dialog';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { LesionBoxDrawer } from '../authoring/lesion-box-drawer';
import { boxOnImage } from '../media/box-on-image';
import { TrainingApi } from '../training.api';

/**
 * Before a study image becomes a teaching case, the clinician sees what will be blanked: the boxes where the
 * server found burned-in text (and, for a file that marks them, the ultrasound regions that alone are kept),
 * over the original. They remove a box that holds no text, drag new ones over text that was missed, look at
 * the result ("After"), and only then make the case with exactly those boxes.
 */
@Component({
  selector: 'app-blanking-dialog',
  imports: [Dialog, ErrorBanner, LesionBoxDrawer],
  template: `
    <app-dialog [title]="t('teachingCase.blanking.title')" [wide]="true" (closed)="closed.emit()">
      <p class="muted">{{ t('teachingCase.blanking.help') }}</p>
      @if (proposal.error(); as error) {
        <app-error-banner [error]="error" [retryable]="true" (retry)="proposal.reload()" />
      } @else if (proposal.hasValue()) {
        <div class="row-actions" role="group" [attr.aria-label]="t('teachingCase.blanking.view')">
          <button type="button" class="button button--small" [class.button--primary]="!after()" [attr.aria-pressed]="!after()" (click)="after.set(false)" data-testid="blanking-before">{{ t('teachingCase.blanking.before') }}</button>
          <button type="button" class="button button--small" [class.button--primary]="after()" [attr.aria-pressed]="after()" (click)="after.set(true)" data-testid="blanking-after">{{ t('teachingCase.blanking.after') }}</button>
        </div>
        <app-lesion-box-drawer [src]="src()" hint="teachingCase.blanking.drawHint" (boxChange)="add($event)" (loaded)="image.set($event)">
          @for (region of shownRegions(); track $index) {
            <span class="region" [style.left.%]="region.left" [style.top.%]="region.top" [style.width.%]="region.width" [style.height.%]="region.height"></span>
          }
          @for (b of shownBoxes(); track b.key; let i = $index) {
            <span class="blank" [class.blank--after]="after()" [style.left.%]="b.left" [style.top.%]="b.top" [style.width.%]="b.width" [style.height.%]="b.height" data-testid="blanking-box">
              @if (!after()) {
                <button type="button" class="blank__remove" (pointerdown)="$event.stopPropagation()" (click)="remove(i)" [attr.aria-label]="t('teachingCase.blanking.remove', { n: i + 1 })" data-testid="blanking-remove">×</button>
              }
            </span>
          }
        </app-lesion-box-drawer>
        <p class="muted" role="status" data-testid="blanking-count" [attr.data-boxes]="boxes().length">{{ t('teachingCase.blanking.count', { n: boxes().length }) }}</p>
        @if (error(); as e) {
          <app-error-banner [error]="e" />
        }
        <div class="row-actions">
          <button type="button" class="button button--primary" [disabled]="busy()" (click)="made.emit(boxes())" data-testid="blanking-make">{{ t('teachingCase.blanking.make') }}</button>
          <button type="button" class="button" (click)="closed.emit()">{{ t('common.cancel') }}</button>
        </div>
      } @else {
        <p class="list-state" role="status"><span class="spinner" aria-hidden="true"></span>{{ t('common.loading') }}</p>
      }
    </app-dialog>
  `,
  styles: `
    .blank { position: absolute; border: 2px solid #f43f5e; background: rgb(244 63 94 / 25%); }
    .blank--after { border-color: #000; background: #000; }
    .region { position: absolute; outline: 2px dashed #22c55e; pointer-events: none; }
    .blank__remove { position: absolute; inset-block-start: -0.7rem; inset-inline-end: -0.7rem; inline-size: 1.4rem; block-size: 1.4rem; border-radius: 50%; border: 0; background: #f43f5e; color: #fff; line-height: 1; cursor: pointer; }
  `,
})
export class BlankingDialog {
  readonly imageId = input.required<string>();
  /** Making the case is under way (the dialog waits for it). */
  readonly busy = input(false);
  readonly error = input<unknown>(null);
  /** The boxes to blank, as settled. */
  readonly made = output<number[][]>();
  readonly closed = output<void>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly proposal = resource({ params: () => this.imageId(), loader: ({ params, abortSignal }) => this.api.teachingCaseBlanking(params, abortSignal) });
  /** Starts as the server proposed; the clinician removes and adds. */
  protected readonly boxes = linkedSignal(() => (this.proposal.hasValue() ? this.proposal.value().boxes : []));
  protected readonly after = signal(false);
  protected readonly image = signal<HTMLImageElement | null>(null);
  protected readonly src = computed(() => `/images/${encodeURIComponent(this.imageId())}`);
  protected readonly shownBoxes = computed(() => this.boxes().flatMap((box, i) => {
    const shown = boxOnImage(box, this.image());
    return shown ? [{ ...shown, key: `${i}:${box.join(',')}` }] : [];
  }));
  protected readonly shownRegions = computed(() => (this.proposal.hasValue() ? this.proposal.value().keptRegions : []).flatMap((r) => boxOnImage(r, this.image()) ?? []));

  protected add(box: number[]): void {
    this.boxes.update((boxes) => [...boxes, box]);
  }

  protected remove(index: number): void {
    this.boxes.update((boxes) => boxes.filter((_, i) => i !== index));
  }
}
