import { Component, computed, effect, inject, input } from '@angular/core';
import { AuthService } from '../../core/auth/auth.service';
import { I18n } from '../../core/i18n/i18n.service';
import type { AnatomicalRegion, StudyImage } from '../../core/models/study';
import { MakeTeachingCase } from '../training/teaching-cases/make-teaching-case';
import { ImageViewer } from './image-viewer';
import { LocalPreviews } from './local-previews';
import { PreReadResult } from './pre-read-result';

/**
 * One image of a study with its AI overlay and result, as the study page and the consult page show it.
 * The picture is the file just uploaded when this tab has it, else the frame the API serves.
 */
@Component({
  selector: 'app-study-image-card',
  imports: [ImageViewer, PreReadResult, MakeTeachingCase],
  template: `
    @let img = image();
    <article class="card image-card" data-testid="study-image" [attr.data-file]="img.fileName">
      <header class="image-card__header">
        <h3 class="image-card__title" dir="auto">{{ img.fileName ?? t('study.unnamed') }}@if (img.frameIndex > 0) { · {{ t('study.frame', { n: img.frameIndex + 1 }) }} }</h3>
        <span class="muted"><span class="code">{{ img.format.toUpperCase() }}</span> · <bdi>{{ img.width }} × {{ img.height }} px</bdi></span>
        @if (canTeach()) {
          <app-make-teaching-case [imageId]="img.id" />
        }
      </header>
      <div class="image-card__body">
        <app-image-viewer
          [imageUrl]="previews.urlFor(img.id)"
          [width]="img.width"
          [height]="img.height"
          [lesions]="img.preRead?.status === 'DONE' ? img.preRead!.lesions : []"
          [firstNumber]="firstLesionNumber()"
          [calibration]="img.calibration"
          [alt]="t('viewer.alt', { name: img.fileName ?? '' })"
          [note]="t(previews.stateOf(img.id) === 'failed' ? 'viewer.unavailable' : 'viewer.loading')"
        >
          <ng-content />
        </app-image-viewer>
        <app-pre-read-result [preRead]="img.preRead" [region]="region()" [firstNumber]="firstLesionNumber()" />
      </div>
    </article>
  `,
  styles: `
    :host { display: block; container-type: inline-size; }
    .image-card__header { display: flex; justify-content: space-between; align-items: baseline; gap: 0.75rem; flex-wrap: wrap; margin-block-end: 0.75rem; }
    .image-card__title { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
    .image-card__body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(14rem, 2fr); gap: 1.25rem; align-items: start; }
    @container (max-width: 44rem) { .image-card__body { grid-template-columns: minmax(0, 1fr); } }
  `,
})
export class StudyImageCard {
  readonly image = input.required<StudyImage>();
  readonly region = input.required<AnatomicalRegion>();
  /** Number of its first AI lesion over the whole study (see lesion-numbers.ts). */
  readonly firstLesionNumber = input(1);

  protected readonly previews = inject(LocalPreviews);
  protected readonly t = inject(I18n).t;
  private readonly auth = inject(AuthService);
  /** Clinicians who read the original may turn it into de-identified teaching material. */
  protected readonly canTeach = computed(() => this.auth.hasRole('SPECIALIST') || this.auth.hasRole('TOWNSHIP_DOCTOR'));

  constructor() {
    effect(() => this.previews.ensure(this.image().id));
  }
}
