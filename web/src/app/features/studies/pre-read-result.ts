import { LowerCasePipe } from '@angular/common';
import { Component, computed, inject, input } from '@angular/core';
import { I18n } from '../../core/i18n/i18n.service';
import { calibrationLabel, categoryMeaning, preReadErrorLabel, preReadRefusalLabel, regionLabel } from '../../core/i18n/labels';
import type { AnatomicalRegion, Lesion, PreRead } from '../../core/models/study';

/**
 * The AI second opinion on one image, always under the "adjunct only" banner: the call at the model's
 * operating threshold, probabilities, the AI-estimated BI-RADS / TI-RADS category, the lesions with their
 * size (mm when calibrated, else pixels with a flag), and the model that produced it. Pending, refused and
 * failed pre-reads say so plainly.
 */
@Component({
  selector: 'app-pre-read-result',
  imports: [LowerCasePipe],
  templateUrl: './pre-read-result.html',
  styleUrl: './pre-read-result.css',
})
export class PreReadResult {
  readonly preRead = input.required<PreRead | null>();
  readonly region = input.required<AnatomicalRegion>();

  protected readonly i18n = inject(I18n);
  protected readonly t = this.i18n.t;
  protected readonly regionLabel = regionLabel;
  protected readonly errorLabel = preReadErrorLabel;
  protected readonly calibrationLabel = calibrationLabel;
  protected readonly refusalLabel = preReadRefusalLabel;

  protected readonly status = computed(() => this.preRead()?.status ?? 'NONE');
  /** The number of the first lesion over the whole study, as the overlay and the report number them. */
  readonly firstNumber = input(1);
  protected readonly lesions = computed(() => [...(this.preRead()?.lesions ?? [])].sort((a, b) => a.index - b.index));
  protected readonly meaning = computed(() => {
    const preRead = this.preRead();
    return preRead ? categoryMeaning(preRead.categorySystem, preRead.categoryValue) : null;
  });

  /** The probability beside the model's own cut-off ("59 % — below this model's 64 % cut-off: likely benign"). */
  protected readonly cutOff = computed(() => {
    const preRead = this.preRead();
    const threshold = preRead?.modelVersion?.operatingThreshold;
    if (!preRead || preRead.malignancyProbability === null || threshold === undefined) return null;
    return { threshold, above: preRead.malignancyProbability >= threshold };
  });

  protected percent(probability: number | null): string {
    return probability === null ? '—' : `${this.i18n.number(Math.round(probability * 1000) / 10)} %`;
  }

  protected mm(value: number | null): string {
    return value === null ? '—' : this.i18n.number(Math.round(value * 10) / 10);
  }

  protected px(lesion: Lesion): string {
    return `${Math.round(lesion.width)} × ${Math.round(lesion.height)} px`;
  }
}
