import { Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { Lesion } from '../../core/models/study';

interface Box {
  number: number;
  primary: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Tag position in % of the image. */
  left: number;
  top: number;
}

/**
 * An image with its lesion boxes drawn over it. The SVG uses the image's own pixel grid as its viewBox,
 * so the boxes follow the displayed size. The stage is always left-to-right: in Uyghur the page mirrors,
 * the picture and its overlay do not. Without `imageUrl` a neutral placeholder of the same shape is shown.
 * The overlay's coordinates are physical (left/top) on purpose: they are the image's own pixel axes.
 */
@Component({
  selector: 'app-image-viewer',
  template: `
    <figure class="viewer" data-testid="image-viewer">
      <div class="viewer__stage" dir="ltr" [style.aspect-ratio]="width() + ' / ' + height()">
        @if (imageUrl(); as url) {
          <img class="viewer__image" [src]="url" [alt]="alt()" [width]="width()" [height]="height()" data-testid="viewer-image" />
        } @else {
          <div class="viewer__placeholder" data-testid="viewer-placeholder" [attr.aria-label]="alt()" role="img">
            <span class="code">{{ width() }} × {{ height() }} px</span>
          </div>
        }
        <svg class="viewer__overlay" [attr.viewBox]="'0 0 ' + width() + ' ' + height()" preserveAspectRatio="none" aria-hidden="true" data-testid="lesion-overlay">
          @for (box of boxes(); track box.number) {
            <rect
              class="lesion-box"
              [class.lesion-box--primary]="box.primary"
              [attr.x]="box.x"
              [attr.y]="box.y"
              [attr.width]="box.width"
              [attr.height]="box.height"
              vector-effect="non-scaling-stroke"
              data-testid="lesion-box"
              [attr.data-primary]="box.primary"
            />
          }
        </svg>
        @for (box of boxes(); track box.number) {
          <span class="viewer__tag" [class.viewer__tag--primary]="box.primary" [style.left.%]="box.left" [style.top.%]="box.top" aria-hidden="true">{{ box.number }}</span>
        }
        <!-- Layers drawn on the picture by the page (e.g. a call's shared pointer), in the same box. -->
        <ng-content />
      </div>
      @if (!imageUrl() && note()) {
        <figcaption class="viewer__note" data-testid="viewer-note">{{ note() }}</figcaption>
      }
    </figure>
  `,
  styles: `
    .viewer { margin: 0; }
    .viewer__stage { position: relative; inline-size: 100%; background: #111; border-radius: var(--radius); overflow: hidden; }
    .viewer__image { display: block; inline-size: 100%; block-size: 100%; object-fit: fill; }
    .viewer__placeholder { position: absolute; inset: 0; display: flex; align-items: flex-end; justify-content: flex-start; padding: 0.5rem; color: #9aa5b1;
      background: repeating-linear-gradient(45deg, #e9edf1 0 12px, #dfe4ea 12px 24px); }
    .viewer__placeholder .code { color: var(--muted); background: rgb(255 255 255 / 80%); padding-inline: 0.4rem; border-radius: var(--radius); }
    .viewer__overlay { position: absolute; inset: 0; inline-size: 100%; block-size: 100%; pointer-events: none; }
    .lesion-box { fill: none; stroke: #fbbf24; stroke-width: 2; stroke-dasharray: 6 4; }
    .lesion-box--primary { stroke: #f43f5e; stroke-width: 3; stroke-dasharray: none; }
    .viewer__tag { position: absolute; transform: translate(-1px, calc(-100% - 2px)); min-inline-size: 1.3rem; padding-inline: 0.3rem; border-radius: 3px;
      font: 700 0.75rem/1.3rem var(--font-en); text-align: center; color: #111; background: #fbbf24; }
    .viewer__tag--primary { background: #f43f5e; color: #fff; }
    .viewer__note { margin-block-start: 0.4rem; font-size: 0.85rem; color: var(--muted); }
  `,
})
export class ImageViewer {
  /** The picture to draw (an object URL today; the API's image address once it serves images). */
  readonly imageUrl = input<string | null>(null);
  readonly width = input.required<number>();
  readonly height = input.required<number>();
  readonly lesions = input<readonly Lesion[]>([]);
  readonly alt = input('');
  /** Shown under the placeholder (loading, or why there is no picture). */
  readonly note = input<string | null>(null);

  protected readonly i18n = inject(I18n);

  /** Boxes clipped to the image (the model's box may reach slightly past the edge). */
  protected readonly boxes = computed<Box[]>(() => {
    const w = this.width();
    const h = this.height();
    return [...this.lesions()]
      .sort((a, b) => a.index - b.index)
      .map((lesion, i) => {
        const x = clamp(lesion.x, 0, w);
        const y = clamp(lesion.y, 0, h);
        const width = clamp(lesion.x + lesion.width, 0, w) - x;
        const height = clamp(lesion.y + lesion.height, 0, h) - y;
        // The tag sits above the box's top-left corner, or inside it when the box touches the top.
        return { number: i + 1, primary: lesion.index === 0, x, y, width, height, left: (x / w) * 100, top: (Math.max(y, h * 0.06) / h) * 100 };
      });
  });
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
