import { Component, computed, DestroyRef, effect, inject, input, signal } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { AnatomicalRegion, StudyImage } from '../../core/models/study';
import { MakeTeachingCase } from '../training/teaching-cases/make-teaching-case';
import { ImageViewer } from './image-viewer';
import { LocalPreviews } from './local-previews';
import { PreReadResult } from './pre-read-result';

/** Cine playback speed: ultrasound loops are recorded at 15-60 fps; 10 keeps a slow link fetching ahead. */
const CINE_FPS = 10;

/**
 * One image of a study with its AI overlay and result, as the study page and the consult page show it.
 * The picture is the file just uploaded when this tab has it, else the frame the API serves. A multi-frame
 * file (a cine loop) is one card that plays its frames, each with its own AI result.
 */
@Component({
  selector: 'app-study-image-card',
  imports: [ImageViewer, PreReadResult, MakeTeachingCase],
  template: `
    @let img = shown();
    <article class="card image-card" data-testid="study-image" [attr.data-file]="img.fileName">
      <header class="image-card__header">
        <h3 class="image-card__title" dir="auto">{{ img.fileName ?? t('study.unnamed') }}@if (img.frameIndex > 0) { · {{ t('study.frame', { n: img.frameIndex + 1 }) }} }</h3>
        <span class="muted"><span class="code">{{ img.format.toUpperCase() }}</span> · <bdi>{{ img.width }} × {{ img.height }} px</bdi></span>
        @if (canTeach()) {
          <app-make-teaching-case [imageId]="img.id" />
        }
      </header>
      @if (frames().length > 1) {
        <div class="cine" data-testid="cine" [attr.data-frame]="index()" [attr.data-frames]="frames().length" [attr.data-playing]="playing()">
          <button type="button" class="button button--small" (click)="toggle()" [attr.aria-pressed]="playing()" data-testid="cine-play">
            {{ t(playing() ? 'cine.pause' : 'cine.play') }}
          </button>
          <input
            type="range"
            class="cine__slider"
            min="0"
            [max]="frames().length - 1"
            [value]="index()"
            (input)="seek($any($event.target).valueAsNumber)"
            [attr.aria-label]="t('cine.frame')"
            data-testid="cine-frame"
          />
          <span class="muted" data-testid="cine-position"><bdi>{{ t('cine.position', { n: index() + 1, total: frames().length }) }}</bdi></span>
        </div>
      }
      <div class="image-card__body">
        <app-image-viewer
          [imageUrl]="previews.urlFor(img.id)"
          [width]="img.width"
          [height]="img.height"
          [lesions]="img.preRead?.status === 'DONE' ? img.preRead!.lesions : []"
          [firstNumber]="firstNumber()"
          [calibration]="img.calibration"
          [alt]="t('viewer.alt', { name: img.fileName ?? '' })"
          [note]="t(previews.stateOf(img.id) === 'failed' ? 'viewer.unavailable' : 'viewer.loading')"
        >
          <ng-content />
        </app-image-viewer>
        <app-pre-read-result [preRead]="img.preRead" [region]="region()" [firstNumber]="firstNumber()" />
      </div>
    </article>
  `,
  styles: `
    :host { display: block; container-type: inline-size; }
    .image-card__header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.75rem; flex-wrap: wrap; margin-block-end: 0.75rem; }
    .image-card__title { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
    .image-card__body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(14rem, 2fr); gap: 1.25rem; align-items: start; }
    @container (max-width: 44rem) { .image-card__body { grid-template-columns: minmax(0, 1fr); } }
    .cine { display: flex; align-items: center; gap: 0.75rem; margin-block-end: 0.75rem; flex-wrap: wrap; }
    .cine__slider { flex: 1 1 12rem; }
  `,
})
export class StudyImageCard {
  readonly image = input.required<StudyImage>();
  /** Every frame of the image's file, in order (image-files.ts); a single image when not a cine loop. */
  readonly frames = input<StudyImage[]>([]);
  readonly region = input.required<AnatomicalRegion>();
  /** Number of its first AI lesion over the whole study (see lesion-numbers.ts). */
  readonly firstLesionNumber = input(1);
  /** The same for every frame of a cine loop, by image id. */
  readonly lesionNumbers = input<ReadonlyMap<string, number> | null>(null);

  protected readonly index = signal(0);
  protected readonly playing = signal(false);
  protected readonly shown = computed(() => (this.frames().length > 1 ? (this.frames()[this.index()] ?? this.image()) : this.image()));
  protected readonly firstNumber = computed(() => this.lesionNumbers()?.get(this.shown().id) ?? this.firstLesionNumber());
  private timer: ReturnType<typeof setInterval> | undefined;

  protected readonly previews = inject(LocalPreviews);
  protected readonly t = inject(I18n).t;
  private readonly auth = inject(AuthService);
  /** Clinicians who read the original may turn it into de-identified teaching material. */
  protected readonly canTeach = computed(() => this.auth.hasRole('SPECIALIST') || this.auth.hasRole('TOWNSHIP_DOCTOR'));

  constructor() {
    effect(() => this.previews.ensure(this.shown().id));
    inject(DestroyRef).onDestroy(() => clearInterval(this.timer));
  }

  protected toggle(): void {
    if (this.playing()) return this.stop();
    this.playing.set(true);
    this.timer = setInterval(() => this.advance(), 1000 / CINE_FPS);
  }

  protected seek(frame: number): void {
    this.stop();
    this.index.set(Math.max(0, Math.min(this.frames().length - 1, frame)));
  }

  /** The next frame once it is here (fetching the one after meanwhile): a slow link slows the loop, never blanks it. */
  private advance(): void {
    const frames = this.frames();
    const next = (this.index() + 1) % frames.length;
    this.previews.ensure(frames[next]!.id);
    this.previews.ensure(frames[(next + 1) % frames.length]!.id);
    if (this.previews.urlFor(frames[next]!.id)) this.index.set(next);
  }

  private stop(): void {
    clearInterval(this.timer);
    this.playing.set(false);
  }
}
