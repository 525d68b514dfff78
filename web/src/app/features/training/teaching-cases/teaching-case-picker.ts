import { Component, inject, input, output, resource } from '@angular/core';
import { I18n } from '../../../core/i18n/i18n.service';
import { ErrorBanner } from '../../../shared/error-banner/error-banner';
import { ProtectedMedia } from '../media/protected-media';
import { TrainingApi } from '../training.api';
import type { TeachingCase } from '../training.models';
import { ConfirmedOutcomeCases, confirmedLabel } from './confirmed-outcome-cases';

/**
 * The newest de-identified teaching cases as thumbnails; picking one fills a lesson's case or a question's
 * image. Cases are made by clinicians from study images they may read ("Use for teaching" on the image), and by
 * trainers from follow-up cases with a pathology outcome (listed below the cases, with the diagnosis).
 */
@Component({
  selector: 'app-teaching-case-picker',
  imports: [ProtectedMedia, ErrorBanner, ConfirmedOutcomeCases],
  template: `
    @if (cases.error(); as error) {
      <app-error-banner [error]="error" />
    } @else if (cases.hasValue()) {
      @if (cases.value().length === 0) {
        <p class="muted" data-testid="teaching-cases-empty">{{ t('teachingCase.none') }}</p>
      } @else {
        <ul class="cases" [attr.aria-label]="t('teachingCase.pick')">
          @for (c of cases.value(); track c.id) {
            <li>
              <button type="button" class="cases__item" [class.cases__item--chosen]="c.id === chosenId()" [attr.aria-pressed]="c.id === chosenId()" (click)="picked.emit(c)" data-testid="teaching-case-option">
                <app-protected-media [src]="c.mediaUrl" [alt]="t('teachingCase.thumbnail', { w: c.width, h: c.height })" [stretch]="true" />
                @if (c.confirmedDiagnosis) {
                  <span class="cases__diagnosis" data-testid="teaching-case-confirmed">{{ t(confirmedLabel(c.confirmedDiagnosis)) }}</span>
                }
              </button>
            </li>
          }
        </ul>
      }
    } @else {
      <p class="muted" role="status">{{ t('common.loading') }}</p>
    }
    <app-confirmed-outcome-cases (made)="cases.reload()" />
  `,
  styles: `
    .cases { list-style: none; margin: 0.25rem 0 0.75rem; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(6.5rem, 1fr)); gap: 0.5rem; }
    .cases__item { display: block; inline-size: 100%; padding: 0.15rem; border: 2px solid transparent; border-radius: var(--radius); background: none; cursor: pointer; }
    .cases__diagnosis { display: block; font-size: 0.75rem; line-height: 1.2; }
    .cases__item--chosen, .cases__item:focus-visible { border-color: var(--accent, #2563eb); }
  `,
})
export class TeachingCasePicker {
  /** Id of the case now chosen, if any, to mark it. */
  readonly chosenId = input<string | null>(null);
  readonly picked = output<TeachingCase>();

  private readonly api = inject(TrainingApi);
  protected readonly t = inject(I18n).t;
  protected readonly confirmedLabel = confirmedLabel;
  protected readonly cases = resource({ loader: ({ abortSignal }) => this.api.teachingCases(24, abortSignal) });
}
