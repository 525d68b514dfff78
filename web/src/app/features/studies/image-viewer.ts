import { Component, computed, ElementRef, inject, input, signal } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import type { ImageCalibration, Lesion } from '../../core/models/study';

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
 * An image with its lesion boxes drawn over it, and the reading tools: zoom and pan (wheel, drag, pinch,
 * keyboard + - 0 and arrows), brightness/contrast, the AI overlay on or off, and a caliper (drag in measure
 * mode) that gives mm where the image is calibrated and says "px only" where it is not. The SVG uses the
 * image's own pixel grid as its viewBox, so the boxes follow the displayed size; zoom and pan are one CSS
 * transform on the layer holding picture, overlay and the page's own layers (e.g. a call's pointer). The stage
 * is always left-to-right: in Uyghur the page mirrors, the picture and its overlay do not. Without `imageUrl`
 * a neutral placeholder of the same shape is shown. Coordinates are physical (left/top) on purpose.
 */
@Component({
  selector: 'app-image-viewer',
  template: `
    <figure class="viewer" data-testid="image-viewer">
      <div class="viewer__tools" role="toolbar" [attr.aria-label]="t('viewer.tools')" data-testid="viewer-tools">
        <button type="button" class="icon-button" (click)="zoomBy(1.25)" [attr.aria-label]="t('viewer.zoomIn')" data-testid="viewer-zoom-in">+</button>
        <button type="button" class="icon-button" (click)="zoomBy(0.8)" [attr.aria-label]="t('viewer.zoomOut')" data-testid="viewer-zoom-out">−</button>
        <button type="button" class="icon-button" (click)="reset()" [attr.aria-label]="t('viewer.reset')" data-testid="viewer-reset">⟲</button>
        <span class="code viewer__zoom" data-testid="viewer-zoom" [attr.data-zoom]="zoom()">{{ percent(zoom()) }}</span>
        <label>{{ t('viewer.brightness') }} <input type="range" min="50" max="200" [value]="brightness()" (input)="brightness.set(+$any($event.target).value)" data-testid="viewer-brightness" /></label>
        <label>{{ t('viewer.contrast') }} <input type="range" min="50" max="200" [value]="contrast()" (input)="contrast.set(+$any($event.target).value)" data-testid="viewer-contrast" /></label>
        <label><input type="checkbox" [checked]="overlay()" (change)="overlay.set($any($event.target).checked)" data-testid="viewer-overlay" /> {{ t('viewer.overlay') }}</label>
        <button type="button" class="button" [attr.aria-pressed]="measuring()" (click)="measuring.set(!measuring())" data-testid="viewer-caliper">{{ t('viewer.caliper') }}</button>
        @if (measurement(); as m) {
          <output class="viewer__measure" data-testid="viewer-measurement" [attr.data-unit]="m.unit">{{ m.text }}</output>
        }
      </div>
      <div
        class="viewer__stage"
        dir="ltr"
        tabindex="0"
        [class.viewer__stage--measuring]="measuring()"
        [style.aspect-ratio]="width() + ' / ' + height()"
        (wheel)="wheel($event)"
        (pointerdown)="pointerDown($event)"
        (pointermove)="pointerMove($event)"
        (pointerup)="pointerUp($event)"
        (pointercancel)="pointerUp($event)"
        (keydown)="key($event)"
        data-testid="viewer-stage"
      >
        <div class="viewer__content" [style.transform]="transform()" [style.filter]="filter()" data-testid="viewer-content">
          @if (imageUrl(); as url) {
            <img class="viewer__image" [src]="url" [alt]="alt()" [width]="width()" [height]="height()" draggable="false" data-testid="viewer-image" />
          } @else {
            <div class="viewer__placeholder" data-testid="viewer-placeholder" [attr.aria-label]="alt()" role="img">
              <span class="code">{{ width() }} × {{ height() }} px</span>
            </div>
          }
          @if (overlay()) {
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
              <span class="viewer__tag" [class.viewer__tag--primary]="box.primary" [style.left.%]="box.left" [style.top.%]="box.top" aria-hidden="true" data-testid="lesion-tag">{{ box.number }}</span>
            }
          }
          @if (caliper(); as c) {
            <svg class="viewer__overlay" [attr.viewBox]="'0 0 ' + width() + ' ' + height()" preserveAspectRatio="none" aria-hidden="true">
              <line class="caliper" [attr.x1]="c.a.x" [attr.y1]="c.a.y" [attr.x2]="c.b.x" [attr.y2]="c.b.y" vector-effect="non-scaling-stroke" data-testid="viewer-caliper-line" />
            </svg>
          }
          <!-- Layers drawn on the picture by the page (e.g. a call's shared pointer), in the same box. -->
          <ng-content />
        </div>
      </div>
      @if (!imageUrl() && note()) {
        <figcaption class="viewer__note" data-testid="viewer-note">{{ note() }}</figcaption>
      }
    </figure>
  `,
  styles: `
    .viewer { margin: 0; }
    .viewer__tools { display: flex; flex-wrap: wrap; align-items: center; gap: 0.35rem 0.75rem; margin-block-end: 0.4rem; font-size: 0.85rem; }
    .viewer__tools input[type='range'] { inline-size: 6rem; vertical-align: middle; }
    .viewer__zoom { min-inline-size: 3.5rem; text-align: center; }
    .viewer__measure { font-weight: 600; }
    .viewer__stage { position: relative; inline-size: 100%; background: #111; border-radius: var(--radius); overflow: hidden; touch-action: none; cursor: grab; }
    .viewer__stage:focus-visible { outline: 2px solid var(--focus, #2563eb); outline-offset: 2px; }
    .viewer__stage--measuring { cursor: crosshair; }
    .viewer__content { position: absolute; inset: 0; transform-origin: 0 0; will-change: transform; }
    .viewer__image { display: block; inline-size: 100%; block-size: 100%; object-fit: fill; user-select: none; }
    .viewer__placeholder { position: absolute; inset: 0; display: flex; align-items: flex-end; justify-content: flex-start; padding: 0.5rem; color: #9aa5b1;
      background: repeating-linear-gradient(45deg, #e9edf1 0 12px, #dfe4ea 12px 24px); }
    .viewer__placeholder .code { color: var(--muted); background: rgb(255 255 255 / 80%); padding-inline: 0.4rem; border-radius: var(--radius); }
    .viewer__overlay { position: absolute; inset: 0; inline-size: 100%; block-size: 100%; pointer-events: none; }
    .lesion-box { fill: none; stroke: #fbbf24; stroke-width: 2; stroke-dasharray: 6 4; }
    .lesion-box--primary { stroke: #f43f5e; stroke-width: 3; stroke-dasharray: none; }
    .caliper { stroke: #22d3ee; stroke-width: 2; }
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
  /** The number of this image's first lesion: lesions are numbered over the study, as in the report. */
  readonly firstNumber = input(1);
  /** Where millimetres come from; without one the caliper measures in pixels only. */
  readonly calibration = input<ImageCalibration | null | undefined>(null);

  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  protected readonly zoom = signal(1);
  /** Pan offset of the content, in CSS pixels of the stage. */
  private readonly pan = signal({ x: 0, y: 0 });
  protected readonly brightness = signal(100);
  protected readonly contrast = signal(100);
  protected readonly overlay = signal(true);
  protected readonly measuring = signal(false);
  /** The caliper's ends, in image pixels. */
  protected readonly caliper = signal<{ a: Point; b: Point } | null>(null);
  private readonly pointers = new Map<number, Point>();
  private gesture: { kind: 'pan' | 'measure' | 'pinch'; last: Point; distance?: number } | null = null;

  protected readonly transform = computed(() => `translate(${this.pan().x}px, ${this.pan().y}px) scale(${this.zoom()})`);
  protected readonly filter = computed(() => `brightness(${this.brightness()}%) contrast(${this.contrast()}%)`);
  protected readonly percent = (zoom: number) => `${Math.round(zoom * 100)}%`;

  /** The caliper's length: in mm where the image is calibrated for both ends, else in px, said so. */
  protected readonly measurement = computed(() => {
    const c = this.caliper();
    if (!c) return null;
    const dx = c.b.x - c.a.x;
    const dy = c.b.y - c.a.y;
    const scale = mmScale(this.calibration(), c.a, c.b);
    if (scale) return { unit: 'mm', text: this.t('viewer.mm', { value: this.i18n.number(Math.round(Math.hypot(dx * scale.x, dy * scale.y) * 10) / 10) }) };
    return { unit: 'px', text: this.t('viewer.pxOnly', { value: this.i18n.number(Math.round(Math.hypot(dx, dy))) }) };
  });

  /** Boxes clipped to the image (the model's box may reach slightly past the edge). */
  protected readonly boxes = computed<Box[]>(() => {
    const w = this.width();
    const h = this.height();
    const first = this.firstNumber();
    return [...this.lesions()]
      .sort((a, b) => a.index - b.index)
      .map((lesion, i) => {
        const x = clamp(lesion.x, 0, w);
        const y = clamp(lesion.y, 0, h);
        const width = clamp(lesion.x + lesion.width, 0, w) - x;
        const height = clamp(lesion.y + lesion.height, 0, h) - y;
        // The tag sits above the box's top-left corner, or inside it when the box touches the top.
        return { number: first + i, primary: lesion.index === 0, x, y, width, height, left: (x / w) * 100, top: (Math.max(y, h * 0.06) / h) * 100 };
      });
  });

  protected zoomBy(factor: number, at?: Point): void {
    const stage = this.stage().getBoundingClientRect();
    const point = at ?? { x: stage.width / 2, y: stage.height / 2 };
    const zoom = clamp(this.zoom() * factor, 1, 8);
    const ratio = zoom / this.zoom();
    const pan = this.pan();
    this.zoom.set(zoom);
    // The point under the cursor stays where it is.
    this.setPan(point.x - (point.x - pan.x) * ratio, point.y - (point.y - pan.y) * ratio);
  }

  protected reset(): void {
    this.zoom.set(1);
    this.pan.set({ x: 0, y: 0 });
    this.brightness.set(100);
    this.contrast.set(100);
    this.caliper.set(null);
  }

  protected wheel(event: WheelEvent): void {
    event.preventDefault();
    this.zoomBy(event.deltaY < 0 ? 1.1 : 1 / 1.1, this.local(event));
  }

  protected key(event: KeyboardEvent): void {
    const step = 40;
    const pan = this.pan();
    const actions: Record<string, () => void> = {
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
      '0': () => this.reset(),
      ArrowLeft: () => this.setPan(pan.x + step, pan.y),
      ArrowRight: () => this.setPan(pan.x - step, pan.y),
      ArrowUp: () => this.setPan(pan.x, pan.y + step),
      ArrowDown: () => this.setPan(pan.x, pan.y - step),
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  protected pointerDown(event: PointerEvent): void {
    try {
      // Keeps a drag going when it leaves the stage; refused for a pointer the browser no longer tracks.
      (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    } catch {
      /* the gesture still works while the pointer stays on the stage */
    }
    this.pointers.set(event.pointerId, this.local(event));
    if (this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      this.gesture = { kind: 'pinch', last: midpoint(a, b), distance: Math.hypot(a.x - b.x, a.y - b.y) };
    } else if (this.measuring()) {
      const at = this.toImage(this.local(event));
      this.caliper.set({ a: at, b: at });
      this.gesture = { kind: 'measure', last: this.local(event) };
    } else {
      this.gesture = { kind: 'pan', last: this.local(event) };
    }
  }

  protected pointerMove(event: PointerEvent): void {
    if (!this.gesture || !this.pointers.has(event.pointerId)) return;
    const point = this.local(event);
    this.pointers.set(event.pointerId, point);
    if (this.gesture.kind === 'pinch' && this.pointers.size === 2) {
      const [a, b] = [...this.pointers.values()];
      const distance = Math.hypot(a.x - b.x, a.y - b.y);
      this.zoomBy(distance / (this.gesture.distance || distance), midpoint(a, b));
      this.gesture.distance = distance;
    } else if (this.gesture.kind === 'measure') {
      this.caliper.update((c) => (c ? { a: c.a, b: this.toImage(point) } : c));
    } else if (this.gesture.kind === 'pan') {
      const pan = this.pan();
      this.setPan(pan.x + point.x - this.gesture.last.x, pan.y + point.y - this.gesture.last.y);
      this.gesture.last = point;
    }
  }

  protected pointerUp(event: PointerEvent): void {
    this.pointers.delete(event.pointerId);
    if (this.pointers.size === 0) this.gesture = null;
  }

  /** Keeps the picture covering the stage: no panning past its edges. */
  private setPan(x: number, y: number): void {
    const stage = this.stage().getBoundingClientRect();
    const zoom = this.zoom();
    this.pan.set({ x: clamp(x, stage.width * (1 - zoom), 0), y: clamp(y, stage.height * (1 - zoom), 0) });
  }

  private stage(): HTMLElement {
    return this.host.nativeElement.querySelector('.viewer__stage') as HTMLElement;
  }

  /** A pointer's position in CSS pixels of the stage. */
  private local(event: MouseEvent): Point {
    const rect = this.stage().getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  /** A stage position in the image's own pixels, through the zoom and pan. */
  private toImage(point: Point): Point {
    const rect = this.stage().getBoundingClientRect();
    const pan = this.pan();
    const zoom = this.zoom();
    return {
      x: clamp((((point.x - pan.x) / zoom) * this.width()) / rect.width, 0, this.width()),
      y: clamp((((point.y - pan.y) / zoom) * this.height()) / rect.height, 0, this.height()),
    };
  }
}

interface Point {
  x: number;
  y: number;
}

const midpoint = (a: Point, b: Point): Point => ({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });

/** mm per pixel for a measurement between two points, or null where the image gives none (px only). */
function mmScale(calibration: ImageCalibration | null | undefined, a: Point, b: Point): Point | null {
  if (!calibration || calibration.source === 'none') return null;
  if (calibration.source === 'ultrasound-regions') {
    // Both ends must lie in the same calibrated region.
    const inside = (p: Point, r: { x0: number; y0: number; x1: number; y1: number }) => p.x >= r.x0 && p.x <= r.x1 && p.y >= r.y0 && p.y <= r.y1;
    const region = calibration.regions.find((r) => inside(a, r) && inside(b, r));
    return region ? { x: region.mmPerPixelX, y: region.mmPerPixelY } : null;
  }
  return { x: calibration.mmPerPixelX, y: calibration.mmPerPixelY };
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
