import { Component, inject } from '@angular/core';
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
    <section aria-labelledby="devices-title" data-testid="devices-section"><app-dicom-devices /></section>
    <section aria-labelledby="pacs-title" data-testid="pacs-section"><app-pacs-destinations /></section>
  `,
})
export class ScannersAndPacsPage {
  protected readonly t = inject(I18n).t;
}
