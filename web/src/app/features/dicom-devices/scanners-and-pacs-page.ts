import { Component, computed, inject, resource } from '@angular/core';
import { InstitutionsApi } from '../../core/data/institutions.api';
import { I18n } from '../../core/i18n/i18n.service';
import { PacsDestinationsSection } from '../pacs/pacs-destinations';
import { DicomDevicesSection } from './dicom-devices';

/** One place for hospital IT: who may send images to Oasis, and where Oasis sends its results. */
@Component({
  selector: 'app-scanners-and-pacs-page',
  imports: [DicomDevicesSection, PacsDestinationsSection],
  template: `
    <h1 class="page-title">{{ t('devices.title') }}</h1>
    <p class="muted">{{ t('devices.pageIntro') }}</p>
    <section aria-labelledby="devices-title" data-testid="devices-section"><app-dicom-devices [institutions]="institutionList()" /></section>
    <section aria-labelledby="pacs-title" data-testid="pacs-section"><app-pacs-destinations [institutions]="institutionList()" /></section>
  `,
})
export class ScannersAndPacsPage {
  private readonly institutionsApi = inject(InstitutionsApi);
  protected readonly t = inject(I18n).t;
  /** Read once for both sections' pickers and tables. */
  private readonly institutions = resource({ loader: ({ abortSignal }) => this.institutionsApi.list({}, abortSignal) });
  protected readonly institutionList = computed(() => (this.institutions.hasValue() ? this.institutions.value() : []));
}
