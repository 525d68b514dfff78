import { Component, computed, inject, input, output, signal } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { boxOnImage } from '../media/box-on-image';
import { ProtectedMedia } from '../media/protected-media';

/**
 * A picture on which the trainee marks the lesion (and, in the review, the correct box under the mark): a click places the marker, arrow keys move it. The
 * point is in the image's own pixels (the displayed size is mapped to the natural size), as the server grades it.
 * The stage stays left-to-right in Uyghur: the picture is not mirrored.
 */
@Component({
  selector: 'app-lesion-marker',
  imports: [ProtectedMedia],
  template: `
    <div
      class="stage"
      dir="ltr"
      tabindex="0"
      role="application"
      [attr.aria-label]="t('training.exam.markHelp')"
      [attr.aria-disabled]="disabled()"
      [class.is-disabled]="disabled()"
      (click)="place($event)"
      (keydown)="nudge($event)"
      data-testid="lesion-stage"
    >
      <app-protected-media [stretch]="true" [src]="src()" [alt]="alt()" (loaded)="image.set($event)" />
      @if (keyAt(); as b) {
        <span class="key" [style.left.%]="b.left" [style.top.%]="b.top" [style.width.%]="b.width" [style.height.%]="b.height" aria-hidden="true" data-testid="lesion-key-box"></span>
      }
      @if (markerAt(); as at) {
        <span class="marker" [style.left.%]="at.left" [style.top.%]="at.top" aria-hidden="true" data-testid="lesion-marker"></span>
      }
    </div>
    <p class="muted hint" role="status">
      @if (keyBox()) {
        {{ t(point() ? 'training.exam.keyBoxShown' : 'training.exam.keyBoxOnly') }}
      } @else if (point(); as p) {
        {{ t('training.exam.markedAt', { x: round(p[0]), y: round(p[1]) }) }}
      } @else {
        {{ t('training.exam.markHelp') }}
      }
    </p>
  `,
  styles: `
    .stage { position: relative; display: inline-block; inline-size: min(100%, 36rem); cursor: crosshair; line-height: 0; }
    .stage:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
    .stage.is-disabled { cursor: default; }
    .marker { position: absolute; inline-size: 1.4rem; block-size: 1.4rem; margin: -0.7rem 0 0 -0.7rem; border: 3px solid #f43f5e; border-radius: 50%;
      box-shadow: 0 0 0 2px #fff; pointer-events: none; }
    .key { position: absolute; border: 2px dashed #22c55e; background: rgb(34 197 94 / 15%); pointer-events: none; }
    .hint { font-size: 0.85rem; margin-block: 0.3rem 0; }
  `,
})
export class LesionMarker {
  readonly src = input.required<string>();
  readonly alt = input('');
  /** [x, y] in image pixels, or null before the first mark. */
  readonly point = input<readonly number[] | null>(null);
  readonly disabled = input(false);
  /** The correct box [x0, y0, x1, y1] in image pixels, drawn under the marker once the answers are shown. */
  readonly keyBox = input<readonly number[] | null>(null);
  readonly pointChange = output<number[]>();

  protected readonly t = inject(I18n).t;
  protected readonly image = signal<HTMLImageElement | null>(null);
  protected readonly round = Math.round;

  protected readonly markerAt = computed(() => {
    const point = this.point();
    const image = this.image();
    if (!point || !image?.naturalWidth) return null;
    return { left: (point[0] / image.naturalWidth) * 100, top: (point[1] / image.naturalHeight) * 100 };
  });

  protected readonly keyAt = computed(() => boxOnImage(this.keyBox(), this.image()));

  protected place(event: MouseEvent): void {
    const image = this.image();
    if (this.disabled() || !image?.naturalWidth) return;
    const box = image.getBoundingClientRect();
    const x = ((event.clientX - box.left) / box.width) * image.naturalWidth;
    const y = ((event.clientY - box.top) / box.height) * image.naturalHeight;
    if (x < 0 || y < 0 || x > image.naturalWidth || y > image.naturalHeight) return;
    this.pointChange.emit([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  }

  /** Arrow keys move the marker by 1 % of the picture (from its centre when there is none yet). */
  protected nudge(event: KeyboardEvent): void {
    const image = this.image();
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const move = moves[event.key];
    if (this.disabled() || !image?.naturalWidth || !move) return;
    event.preventDefault();
    const [w, h] = [image.naturalWidth, image.naturalHeight];
    const [x, y] = this.point() ?? [w / 2, h / 2];
    this.pointChange.emit([clamp(Math.round(x + (move[0] * w) / 100), 0, w), clamp(Math.round(y + (move[1] * h) / 100), 0, h)]);
  }
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
