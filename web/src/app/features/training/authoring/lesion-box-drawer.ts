import { Component, computed, inject, input, output, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import type { MessageKey } from '../../../core/i18n/messages/en';
import { boxOnImage } from '../media/box-on-image';
import { ProtectedMedia } from '../media/protected-media';

/**
 * The trainer drags a box around the lesion on the picture; the box is in the image's own pixels
 * ([x0, y0, x1, y1]), mapped from the displayed size. Always left-to-right, like the picture. What the caller
 * puts inside is laid over the picture (positioned against it, as boxOnImage places boxes).
 */
@Component({
  selector: 'app-lesion-box-drawer',
  imports: [ProtectedMedia],
  template: `
    <div class="stage" dir="ltr" (pointerdown)="begin($event)" (pointermove)="drag($event)" (pointerup)="end($event)" data-testid="lesion-box-stage">
      <app-protected-media [stretch]="true" [src]="src()" [alt]="t('training.question.drawBox')" (loaded)="image.set($event); loaded.emit($event)" />
      <ng-content />
      @if (shown(); as b) {
        <span class="box" [style.left.%]="b.left" [style.top.%]="b.top" [style.width.%]="b.width" [style.height.%]="b.height" data-testid="lesion-box-drawn"></span>
      }
    </div>
    <p class="muted hint">{{ t(hint()) }}</p>
  `,
  styles: `
    .stage { position: relative; display: inline-block; inline-size: min(100%, 36rem); cursor: crosshair; line-height: 0; touch-action: none; }
    .box { position: absolute; border: 2px solid #f43f5e; background: rgb(244 63 94 / 15%); pointer-events: none; }
    .hint { font-size: 0.85rem; margin-block: 0.3rem 0; }
  `,
})
export class LesionBoxDrawer {
  readonly src = input.required<string>();
  /** [x0, y0, x1, y1] in image pixels. */
  readonly box = input<readonly number[] | null>(null);
  readonly boxChange = output<number[]>();
  readonly hint = input<MessageKey>('training.question.drawBoxHint');
  /** The picture, once loaded: for placing what is laid over it. */
  readonly loaded = output<HTMLImageElement>();

  protected readonly t = inject(I18n).t;
  protected readonly image = signal<HTMLImageElement | null>(null);
  private readonly dragging = signal<{ from: [number, number]; to: [number, number] } | null>(null);

  protected readonly shown = computed(() => {
    const drag = this.dragging();
    return boxOnImage(drag ? [...drag.from, ...drag.to] : this.box(), this.image());
  });

  protected begin(event: PointerEvent): void {
    const at = this.toImage(event);
    if (!at) return;
    (event.currentTarget as HTMLElement).setPointerCapture?.(event.pointerId);
    this.dragging.set({ from: at, to: at });
  }

  protected drag(event: PointerEvent): void {
    const drag = this.dragging();
    const at = this.toImage(event);
    if (drag && at) this.dragging.set({ ...drag, to: at });
  }

  protected end(event: PointerEvent): void {
    const drag = this.dragging();
    const at = this.toImage(event) ?? drag?.to;
    this.dragging.set(null);
    if (!drag || !at) return;
    const box = [Math.min(drag.from[0], at[0]), Math.min(drag.from[1], at[1]), Math.max(drag.from[0], at[0]), Math.max(drag.from[1], at[1])];
    // A click without a drag is no box.
    if (box[2] - box[0] < 2 || box[3] - box[1] < 2) return;
    this.boxChange.emit(box);
  }

  /** Displayed position → image pixels, clamped to the picture. */
  private toImage(event: PointerEvent): [number, number] | null {
    const image = this.image();
    if (!image?.naturalWidth) return null;
    const rect = image.getBoundingClientRect();
    const x = Math.min(Math.max(event.clientX - rect.left, 0), rect.width);
    const y = Math.min(Math.max(event.clientY - rect.top, 0), rect.height);
    return [Math.round((x / rect.width) * image.naturalWidth), Math.round((y / rect.height) * image.naturalHeight)];
  }
}
